package dev.jobtower.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made once per test JVM with the JDK's keytool,
 * so a WireMock receiver can serve https and Jobtower can trust it (jobtower.notifications.trust-store)
 * with hostname verification left on.
 */
public final class TestTls {
    public static final String PASSWORD = "test-password";
    private static Path keystore;
    private static Path truststore;

    private TestTls() {
    }

    public static synchronized Path keystore() {
        if (keystore == null) {
            try {
                Path dir = Files.createTempDirectory("jobtower-tls");
                Path file = dir.resolve("receiver.p12");
                Path cert = dir.resolve("receiver.cer");
                Path trust = dir.resolve("trust.p12");
                keytool("-genkeypair", "-alias", "receiver", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3",
                        "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                        "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
                keytool("-exportcert", "-alias", "receiver", "-keystore", file.toString(), "-storepass", PASSWORD,
                        "-file", cert.toString());
                keytool("-importcert", "-noprompt", "-alias", "receiver", "-file", cert.toString(), "-storetype", "PKCS12",
                        "-keystore", trust.toString(), "-storepass", PASSWORD);
                keystore = file;
                truststore = trust;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return keystore;
    }

    /** A trust store holding only the receiver's certificate. */
    public static synchronized Path truststore() {
        keystore();
        return truststore;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }
}
