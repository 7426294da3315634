package dev.cutover.simulation;

/** An invariant that did not hold: the simulation stops at once and prints it with the stream's trace. */
public final class Violation extends RuntimeException {

    private final String invariant;
    private final String stream;

    public Violation(String invariant, String stream, String message) {
        super(invariant + (stream == null ? "" : " [" + stream + "]") + ": " + message);
        this.invariant = invariant;
        this.stream = stream;
    }

    public String invariant() {
        return invariant;
    }

    public String stream() {
        return stream;
    }
}
