package dev.jobtower.adapters.anon;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The anon adapter's settings ({@code jobtower.anon.*}, bound as {@link Properties}). Most of anon's
 * v2 API is not public, so every path is a template that can be corrected without a release; a
 * template names its parameters in braces ({@code {jobId}}, {@code {jobRunId}}, {@code {workflowId}}).
 */
@Singleton
public final class AnonSettings {
    /** Documented: a job definition. */
    public static final String DEFAULT_JOB_PATH = "/api/v2/jobs/{jobId}";
    /** Assumed: one job run. */
    public static final String DEFAULT_JOB_RUN_PATH = "/api/v2/job-runs/{jobRunId}";
    /** Assumed: a job's runs. */
    public static final String DEFAULT_JOB_RUNS_OF_JOB_PATH = "/api/v2/job-runs?jobId={jobId}";
    /** Assumed: starts a run, {@code POST} with {@code {"jobId": …}}. */
    public static final String DEFAULT_START_JOB_RUN_PATH = "/api/v2/job-runs";
    /** Assumed: a workflow definition (name and type). */
    public static final String DEFAULT_WORKFLOW_PATH = "/api/v2/workflows/{workflowId}";
    /** Assumed: a job run's workflow runs, when the run does not embed them. */
    public static final String DEFAULT_WORKFLOW_RUNS_OF_JOB_RUN_PATH = "/api/v2/workflow-runs?jobRunId={jobRunId}";
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(10);
    public static final int DEFAULT_CACHE_MAX_ENTRIES = 10_000;

    private static final String PREFIX = "jobtower.anon.";

    private final String jobPath;
    private final String jobRunPath;
    private final String jobRunsOfJobPath;
    private final String startJobRunPath;
    private final String workflowPath;
    private final String workflowRunsOfJobRunPath;
    private final Duration cacheTtl;
    private final int cacheMaxEntries;

    /**
     * {@code jobtower.anon.*} ({@code JOBTOWER_ANON_…}): the endpoint paths ({@code paths.*}, see "anon assumptions"
     * in the README) and the cache of job definitions and workflows. ({@code base-url} and {@code read-timeout} are
     * handed on to {@code micronaut.http.services.anon} in {@code application.yml}.)
     */
    @ConfigurationProperties("jobtower.anon")
    public record Properties(Paths paths,
                             @Bindable(defaultValue = "10m") Duration cacheTtl,
                             @Bindable(defaultValue = "10000") int cacheMaxEntries) {

        /** {@code jobtower.anon.paths.*}: templates naming their parameters in braces. */
        @ConfigurationProperties("paths")
        public record Paths(@Bindable(defaultValue = DEFAULT_JOB_PATH) String job,
                            @Bindable(defaultValue = DEFAULT_JOB_RUN_PATH) String jobRun,
                            @Bindable(defaultValue = DEFAULT_JOB_RUNS_OF_JOB_PATH) String jobRunsOfJob,
                            @Bindable(defaultValue = DEFAULT_START_JOB_RUN_PATH) String startJobRun,
                            @Bindable(defaultValue = DEFAULT_WORKFLOW_PATH) String workflow,
                            @Bindable(defaultValue = DEFAULT_WORKFLOW_RUNS_OF_JOB_RUN_PATH) String workflowRunsOfJobRun) {
        }
    }

    @Inject
    public AnonSettings(Properties properties) {
        this(properties.paths().job(), properties.paths().jobRun(), properties.paths().jobRunsOfJob(),
                properties.paths().startJobRun(), properties.paths().workflow(), properties.paths().workflowRunsOfJobRun(),
                properties.cacheTtl(), properties.cacheMaxEntries());
    }

    /** Settings with every default. */
    public static AnonSettings defaults() {
        return new AnonSettings(DEFAULT_JOB_PATH, DEFAULT_JOB_RUN_PATH, DEFAULT_JOB_RUNS_OF_JOB_PATH,
                DEFAULT_START_JOB_RUN_PATH, DEFAULT_WORKFLOW_PATH, DEFAULT_WORKFLOW_RUNS_OF_JOB_RUN_PATH,
                DEFAULT_CACHE_TTL, DEFAULT_CACHE_MAX_ENTRIES);
    }

    AnonSettings(String jobPath, String jobRunPath, String jobRunsOfJobPath, String startJobRunPath,
                 String workflowPath, String workflowRunsOfJobRunPath, Duration cacheTtl, int cacheMaxEntries) {
        this.jobPath = template("paths.job", jobPath, "jobId");
        this.jobRunPath = template("paths.job-run", jobRunPath, "jobRunId");
        this.jobRunsOfJobPath = template("paths.job-runs-of-job", jobRunsOfJobPath, "jobId");
        this.startJobRunPath = template("paths.start-job-run", startJobRunPath, null);
        this.workflowPath = template("paths.workflow", workflowPath, "workflowId");
        this.workflowRunsOfJobRunPath = template("paths.workflow-runs-of-job-run", workflowRunsOfJobRunPath, "jobRunId");
        if (cacheTtl == null || cacheTtl.isNegative()) {
            throw new IllegalStateException(PREFIX + "cache-ttl must not be negative");
        }
        if (cacheMaxEntries < 1) {
            throw new IllegalStateException(PREFIX + "cache-max-entries must be positive");
        }
        this.cacheTtl = cacheTtl;
        this.cacheMaxEntries = cacheMaxEntries;
    }

    String jobUri(String jobId) {
        return expand(jobPath, Map.of("jobId", jobId));
    }

    String jobRunUri(String jobRunId) {
        return expand(jobRunPath, Map.of("jobRunId", jobRunId));
    }

    String jobRunsOfJobUri(String jobId) {
        return expand(jobRunsOfJobPath, Map.of("jobId", jobId));
    }

    String startJobRunUri() {
        return startJobRunPath;
    }

    String workflowUri(String workflowId) {
        return expand(workflowPath, Map.of("workflowId", workflowId));
    }

    String workflowRunsOfJobRunUri(String jobRunId) {
        return expand(workflowRunsOfJobRunPath, Map.of("jobRunId", jobRunId));
    }

    /** How long a job definition or workflow read from anon is reused for one connection. */
    public Duration cacheTtl() {
        return cacheTtl;
    }

    /** An upper bound on cached definitions and workflows, all connections together. */
    public int cacheMaxEntries() {
        return cacheMaxEntries;
    }

    private static String expand(String template, Map<String, String> values) {
        String uri = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            uri = uri.replace("{" + e.getKey() + "}", URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return uri;
    }

    private static String template(String name, String value, String requiredParameter) {
        Objects.requireNonNull(value, name);
        String v = value.strip();
        if (!v.startsWith("/")) {
            throw new IllegalStateException(PREFIX + name + " must be a path starting with /");
        }
        if (requiredParameter != null && !v.contains("{" + requiredParameter + "}")) {
            throw new IllegalStateException(PREFIX + name + " must contain {" + requiredParameter + "}");
        }
        return v;
    }
}
