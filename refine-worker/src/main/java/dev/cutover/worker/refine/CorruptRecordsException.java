package dev.cutover.worker.refine;

/** Too many lines of a raw hour could not be read with the schema; the hour fails, the run goes on. */
public final class CorruptRecordsException extends RuntimeException {
    public CorruptRecordsException(String message) {
        super(message);
    }
}
