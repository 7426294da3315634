package dev.cutover.protocol;

/** The outcome of comparing one (stream, hour) between the two jobs. */
public enum Verdict {
    /** Same schema on the common columns, same row count, same content checksum. */
    PASS,
    /** Both sides committed and they differ. */
    FAIL,
    /** One side (or both) has no partition for the hour yet. */
    NODATA
}
