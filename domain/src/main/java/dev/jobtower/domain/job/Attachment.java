package dev.jobtower.domain.job;

/** A file a job produced (an Invopop PDF, say). */
public record Attachment(String id, String key, String name, String desc, String mime, Long size, String hash, String url) {
}
