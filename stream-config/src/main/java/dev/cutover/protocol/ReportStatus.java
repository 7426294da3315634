package dev.cutover.protocol;

/**
 * How a worker's attempt ended: {@code OK} (committed or compared), {@code FAILED} (nothing was made visible; the
 * error says why) or {@code ABORTED} (fenced: the epoch changed before the commit, nothing was made visible).
 */
public enum ReportStatus { OK, FAILED, ABORTED }
