package dev.cutover.controller.model;

/** A stream's place in the cutover, as DESIGN.md defines it, plus INVALID and ORPHANED. */
public enum Phase {
    /** Legacy leads (writes production); the new job shadows into its own database. */
    SHADOW,
    /** Canary evidence is sufficient but the config source is read-only: the patch is shown instead. */
    READY_TO_PROMOTE,
    /** The flag says the new job leads; checks run (or wait for a cutover slot) before routes change. */
    PREFLIGHT,
    /** Preflight failed; routes unchanged until the flag is reverted or the block is overridden. */
    BLOCKED,
    /** Routes from the cutover hour published under a new epoch; waiting for the rerun of that hour. */
    CUTOVER,
    /** The new job leads and has committed the cutover hour; soaking, comparison continues. */
    PROMOTED,
    /** Soaked long enough; the legacy job can be stopped on request. */
    READY_TO_DECOMMISSION,
    /** Legacy stopped for this stream; its shadow partitions are dropped. */
    DECOMMISSIONED,
    /** Flag reverted: legacy leads again from the cutover hour; production is being restored by copies. */
    ROLLING_BACK,
    /**
     * The config entry cannot be applied (a flag value that is not allowed, a table shared with another managed
     * stream, a regex key that gave up on the name); routes unchanged.
     */
    INVALID,
    /** The stream vanished from a good snapshot (or ingestion was disabled); routes kept. */
    ORPHANED;

    /** Phases in which a cutover occupies one of the plan's concurrent slots. */
    public boolean holdsCutoverSlot() {
        return this == CUTOVER || this == ROLLING_BACK;
    }
}
