package dev.jobtower.app.security;

import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.AppInstance;
import dev.jobtower.app.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With an external database the secret key is required (fail fast, clearly) and, without a token, the admin API is off. */
class ExternalDatabaseConfigTest {

    @Test
    void an_external_database_without_a_secret_key_fails_at_startup_naming_the_setting() {
        Map<String, Object> p = AppInstance.sharedProperties(TestDatabase.freshDatabase());
        p.remove("jobtower.secret-key");
        RuntimeException e = assertThrows(RuntimeException.class, () -> AppInstance.start(p).close());
        String message = messages(e);
        assertTrue(message.contains("JOBTOWER_SECRET_KEY is required with an external database"), message);
    }

    @Test
    void a_malformed_secret_key_fails_at_startup() {
        Map<String, Object> p = AppInstance.sharedProperties(TestDatabase.freshDatabase());
        p.put("jobtower.secret-key", "c2hvcnQ=");
        assertTrue(messages(assertThrows(RuntimeException.class, () -> AppInstance.start(p).close()))
                .contains("exactly 32 bytes"));
    }

    @Test
    void without_an_admin_token_the_admin_api_answers_404() {
        Map<String, Object> p = AppInstance.sharedProperties(TestDatabase.freshDatabase());
        p.remove("jobtower.admin-token");
        try (AppInstance app = AppInstance.start(p)) {
            Api.Response r = app.api().post("/admin/tenants", "anything", "{\"name\":\"x\"}");
            assertEquals(404, r.status());
            assertTrue(r.contentType().startsWith("application/problem+json"));
        }
    }

    static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
