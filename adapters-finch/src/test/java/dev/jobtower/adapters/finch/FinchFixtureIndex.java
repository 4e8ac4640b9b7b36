package dev.jobtower.adapters.finch;

import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code finch/prism-fixtures.json}: every Finch fixture, each as what the 2026 document must accept (an
 * {@link Exchange} through the proxy, or a {@link SchemaBody} against one of its component schemas) or as a
 * {@link Deviating} fixture it must reject. Read by {@link FinchFixtureIndexTest} (every file is listed) and by
 * {@link FinchPrismCheckTest} (Prism agrees).
 */
record FinchFixtureIndex(Map<String, String> requestHeaders, List<Exchange> exchanges, List<SchemaBody> schemas,
                         List<Deviating> deviating) {
    static final String FILE = "prism-fixtures.json";

    /** A request and its answer; {@code request} is {@code null} for a GET; an empty {@code response} file is no body. */
    record Exchange(String operationId, String method, String path, String request, int status, String response) {
        String describe() {
            return operationId + " " + method + " " + path + (request == null ? "" : " <- " + request)
                    + " -> " + status + " " + response;
        }
    }

    /** A body with no path of its own (a webhook, an error body), checked as the named component schema. */
    record SchemaBody(String schema, String body) {
        String describe() {
            return "#/components/schemas/" + schema + " <- " + body;
        }
    }

    /** A fixture the document must reject: as the response of an operation's status, or as a component schema. */
    record Deviating(String fixture, String operationId, Integer status, String schema, String why) {
    }

    @SuppressWarnings("unchecked")
    static FinchFixtureIndex read() {
        Map<String, Object> root;
        try {
            root = JsonMapper.createDefault().readValue(
                    FinchJobs.fixture(FILE).getBytes(StandardCharsets.UTF_8), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Exchange> exchanges = new ArrayList<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) root.get("exchanges")) {
            exchanges.add(new Exchange((String) e.get("operationId"), (String) e.get("method"), (String) e.get("path"),
                    (String) e.get("request"), ((Number) e.get("status")).intValue(), (String) e.get("response")));
        }
        List<SchemaBody> schemas = new ArrayList<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) root.get("schemas")) {
            schemas.add(new SchemaBody((String) s.get("schema"), (String) s.get("body")));
        }
        List<Deviating> deviating = new ArrayList<>();
        for (Map<String, Object> d : (List<Map<String, Object>>) root.get("deviating")) {
            Number status = (Number) d.get("status");
            deviating.add(new Deviating((String) d.get("fixture"), (String) d.get("operationId"),
                    status == null ? null : status.intValue(), (String) d.get("schema"), (String) d.get("why")));
        }
        return new FinchFixtureIndex((Map<String, String>) root.get("requestHeaders"), exchanges, schemas, deviating);
    }

    /** Every fixture file the index names. */
    List<String> files() {
        List<String> files = new ArrayList<>();
        for (Exchange e : exchanges) {
            files.add(e.response());
            if (e.request() != null) {
                files.add(e.request());
            }
        }
        schemas.forEach(s -> files.add(s.body()));
        deviating.forEach(d -> files.add(d.fixture()));
        return files;
    }
}
