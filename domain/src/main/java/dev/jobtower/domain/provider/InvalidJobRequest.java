package dev.jobtower.domain.provider;

/** An enqueue or track request fails our own checks, found before any vendor call. */
public final class InvalidJobRequest extends ProviderException {
    private final String parameter;
    private final String detail;

    /** @param parameter the request field at fault, in API terms (e.g. {@code params.individualId}) */
    public InvalidJobRequest(String parameter, String detail) {
        super(parameter + ": " + detail);
        this.parameter = parameter;
        this.detail = detail;
    }

    public String parameter() {
        return parameter;
    }

    public String detail() {
        return detail;
    }
}
