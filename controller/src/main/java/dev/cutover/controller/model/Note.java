package dev.cutover.controller.model;

/**
 * An audit entry as the reconciler drafts it; the executor stamps sequence number, time and config revision.
 */
public record Note(String who, String what, String why) {

    public static final String CONTROLLER = "controller";
    public static final String AUTO_PROMOTER = "auto-promoter";
    public static final String AUTO_ROLLBACK = "auto-rollback";

    public static Note controller(String what, String why) {
        return new Note(CONTROLLER, what, why);
    }
}
