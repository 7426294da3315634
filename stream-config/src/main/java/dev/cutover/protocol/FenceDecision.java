package dev.cutover.protocol;

import java.util.Optional;

/**
 * The answer of the epoch re-check right before a commit becomes visible: go ahead, or abort with the reason. The
 * one comparison rule is {@link #check}; every source of the current epoch (the controller's API, the routes topic)
 * goes through it.
 */
public sealed interface FenceDecision {

    FenceDecision PROCEED = new Proceed();

    record Proceed() implements FenceDecision {
    }

    record Abort(String reason) implements FenceDecision {
    }

    default boolean proceeds() {
        return this instanceof Proceed;
    }

    /**
     * Compares the epoch a commit was routed under with the stream's current one.
     *
     * @param current the stream's current epoch as {@code source} holds it; empty when {@code source} does not
     *                route the stream (anymore)
     * @param source  where the current epoch was read, for the message
     */
    static FenceDecision check(String stream, long expected, Optional<Long> current, String source) {
        if (current.isEmpty()) {
            return new Abort(stream + " has no route on " + source + " (cannot confirm epoch " + expected + ")");
        }
        if (current.get() == expected) {
            return PROCEED;
        }
        return new Abort("epoch of " + stream + " moved from " + expected + " to " + current.get()
                + " before commit (read from " + source + ")");
    }

    /** The current epoch could not be read: never commit on a guess. */
    static FenceDecision unconfirmed(String stream, long expected, String problem) {
        return new Abort("cannot confirm epoch " + expected + " of " + stream + " before commit: " + problem);
    }
}
