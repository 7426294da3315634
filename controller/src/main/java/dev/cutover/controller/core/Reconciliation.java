package dev.cutover.controller.core;

/**
 * The context of one reconcile, put in front of every log line it causes:
 * {@code [reconcile #12 config-change eventlogging_NavigationTiming]}.
 */
public record Reconciliation(long seq, Trigger trigger, String stream) {

    @Override
    public String toString() {
        return "[reconcile #" + seq + " " + trigger + " " + stream + "]";
    }
}
