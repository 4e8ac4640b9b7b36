package dev.jobtower.domain.provider;

/** The vendor has no such capability (e.g. no way to list jobs): explicit, never a silent no-op. */
public final class Unsupported extends ProviderException {
    public Unsupported(String capability) {
        super("not supported by this provider: " + capability);
    }
}
