package dev.jobtower.adapters.invopop;

import dev.jobtower.domain.provider.WebhookDelivery;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Webhook deliveries as a "Send Webhook" step posts them (the body of REFERENCE.md 3.8 d). */
final class InvopopWebhookDeliveries {
    static final String EVENT_ID = "e7c1a2b3-4d5e-4f60-8a7b-9c0d1e2f3a4b";

    private InvopopWebhookDeliveries() {
    }

    static String body(String eventId, String jobId) {
        return "{ \"id\": \"" + eventId + "\", \"event\": \"error\", \"transform_job_id\": \"" + jobId + "\","
                + " \"silo_entry_id\": \"75fa764a-cdd0-11ed-afa1-0242ac120002\","
                + " \"owner_id\": \"c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f\", \"key\": \"inv-2026-000124\","
                + " \"args\": {}, \"faults\": [ { \"provider\": \"verifactu\", \"code\": \"1105\","
                + " \"message\": \"supplier not registered\" } ] }";
    }

    static WebhookDelivery about(String jobId, String authorization) {
        return delivery(body(EVENT_ID, jobId), authorization);
    }

    static WebhookDelivery delivery(String body, String authorization) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return WebhookDelivery.of(headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
