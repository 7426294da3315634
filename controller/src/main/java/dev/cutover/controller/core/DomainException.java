package dev.cutover.controller.core;

/** A refused request carried as an exception (through a future, or out of a read): the {@link DomainError}. */
public final class DomainException extends RuntimeException {

    private final DomainError error;

    public DomainException(DomainError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public static DomainException badRequest(String problem) {
        return new DomainException(DomainError.BadRequest.of(java.util.List.of(problem)));
    }

    public static DomainException notFound(String message) {
        return new DomainException(new DomainError.NotFound(message));
    }

    public DomainError error() {
        return error;
    }
}
