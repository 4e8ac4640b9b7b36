package dev.jobtower.app.settings;

import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's configuration table and {@code application.yml} say the same: every {@code JOBTOWER_…} variable the
 * table gives a plain default for is the environment name of a key in {@code application.yml} with that value
 * (the typed settings bind those keys, and {@link TypedSettingsTest} checks they hold them), or is named below with
 * the reason it has no key there.
 */
class ReadmeConfigurationTableTest {
    /** Variables the table documents whose default is not a key of {@code application.yml}, each with its reason. */
    static final Map<String, String> NOT_IN_APPLICATION_YML = Map.ofEntries(
            Map.entry("JOBTOWER_DEMO", "switches demo mode on; application-demo.yml sets it, the default is its absence"),
            Map.entry("JOBTOWER_DEMO_INTERVAL", "demo settings stay with demo mode (DemoSettings' default): jobtower.demo is "
                    + "the switch itself in the main file"),
            Map.entry("JOBTOWER_DEMO_MAX_JOBS", "as JOBTOWER_DEMO_INTERVAL"),
            Map.entry("JOBTOWER_DEMO_TICK", "as JOBTOWER_DEMO_INTERVAL (the simulators' schedule annotation)"),
            Map.entry("JOBTOWER_POLL_ENABLED", "an on/off switch read by @Requires: anything but false is on"),
            Map.entry("JOBTOWER_DISCOVERY_ENABLED", "as JOBTOWER_POLL_ENABLED"),
            Map.entry("JOBTOWER_RETENTION_ENABLED", "as JOBTOWER_POLL_ENABLED"),
            Map.entry("JOBTOWER_OVERDUE_ENABLED", "as JOBTOWER_POLL_ENABLED"),
            Map.entry("JOBTOWER_NOTIFICATIONS_WORKER_ENABLED", "as JOBTOWER_POLL_ENABLED"));

    private static final Pattern ROW = Pattern.compile("^\\| ((?:`JOBTOWER_[A-Z0-9_]+`(?:, |,? and )?)+)[^|]*\\|.*\\| ([^|]+) \\|$");
    private static final Pattern TICKED = Pattern.compile("`([^`]*)`");
    private static final Pattern PLAIN_DEFAULTS = Pattern.compile("^`[^`]*`(, `[^`]*`)*( \\(.*\\))?$");

    /** Each variable of the table with its default, where the row's default cell is plain values. */
    static Map<String, String> readmeDefaults() throws IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
            Matcher row = ROW.matcher(line.strip());
            if (!row.matches() || !PLAIN_DEFAULTS.matcher(row.group(2).strip()).matches()) {
                continue;
            }
            List<String> names = ticked(row.group(1));
            List<String> values = ticked(row.group(2).replaceAll(" \\(.*\\)$", ""));
            if (values.size() == names.size() || values.size() == 1) {
                for (int i = 0; i < names.size(); i++) {
                    defaults.put(names.get(i), values.get(values.size() == 1 ? 0 : i));
                }
            }
        }
        return defaults;
    }

    private static List<String> ticked(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TICKED.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The main {@code application.yml}'s {@code jobtower.*} keys by their environment variable. */
    static Map<String, Object> applicationYmlByVariable() throws IOException {
        try (InputStream in = ReadmeConfigurationTableTest.class.getResourceAsStream("/application.yml")) {
            Map<String, Object> flat = new YamlPropertySourceLoader().read("application.yml", in);
            Map<String, Object> byVariable = new TreeMap<>();
            flat.forEach((key, value) -> {
                if (key.startsWith("jobtower.")) {
                    byVariable.put(Require.envName(key), value);
                }
            });
            return byVariable;
        }
    }

    @Test
    void every_default_in_the_readme_table_is_the_value_in_application_yml() throws IOException {
        Map<String, String> readme = readmeDefaults();
        Map<String, Object> yml = applicationYmlByVariable();
        assertTrue(readme.size() > 60, "the table was read: " + readme.keySet());
        List<String> wrong = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        readme.forEach((variable, value) -> {
            Object configured = yml.get(variable);
            if (configured == null) {
                missing.add(variable);
            } else if (!String.valueOf(configured).replaceAll("^\\$\\{[^:]+:(.*)}$", "$1").equals(value)) {
                wrong.add(variable + ": README `" + value + "`, application.yml " + configured);
            }
        });
        assertEquals(List.of(), wrong, "the README table and application.yml disagree");
        missing.removeAll(NOT_IN_APPLICATION_YML.keySet());
        assertEquals(List.of(), missing, "documented with a default that application.yml does not hold");
        for (String variable : NOT_IN_APPLICATION_YML.keySet()) {
            assertTrue(readme.containsKey(variable) && !yml.containsKey(variable),
                    variable + " is in application.yml now or left the README: take it off NOT_IN_APPLICATION_YML");
        }
    }
}
