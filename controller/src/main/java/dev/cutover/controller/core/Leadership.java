package dev.cutover.controller.core;

/**
 * This controller's place among the replicas, and whether its state was restored from the route log yet. A
 * controller over its own journal is restored active; a replica of the Kafka control plane is restored as a
 * standby and becomes active when elected (with state restored again after every older writer was fenced), and a
 * standby again when it loses the role. Only an active, restored controller reconciles and writes.
 */
public record Leadership(Role role, boolean restored) {

    /** Before the route log was read: nothing is known, nothing may be written. */
    public static final Leadership STARTING = new Leadership(Role.STANDBY, false);

    /** State restored from the route log; {@code role} is what this controller starts as. */
    public Leadership restoredAs(Role startRole) {
        return new Leadership(startRole, true);
    }

    /** Elected: the state it activates with was restored after fencing every older writer. */
    public Leadership activated() {
        return new Leadership(Role.ACTIVE, true);
    }

    /** Lost the role (or was fenced): follows from now on. */
    public Leadership deactivated() {
        return new Leadership(Role.STANDBY, restored);
    }

    public boolean active() {
        return role == Role.ACTIVE && restored;
    }

    /** Whether it may reconcile streams, write the flag and append to the route log. */
    public boolean mayWrite() {
        return active();
    }

    /** Why a write request is refused here, for a 503: empty when it may write. */
    public java.util.Optional<String> refusal(String what) {
        if (mayWrite()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(restored
                ? "this controller is a standby; send " + what + " to the active controller (GET /ready shows each"
                        + " one's role)"
                : "this controller is starting (its route log is not restored yet); retry in a moment");
    }
}
