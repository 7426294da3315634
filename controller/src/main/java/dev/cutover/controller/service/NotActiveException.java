package dev.cutover.controller.service;

/** A write was asked of a standby controller; the API answers 503 so the caller retries on the active one. */
public final class NotActiveException extends IllegalStateException {

    public NotActiveException(String message) {
        super(message);
    }
}
