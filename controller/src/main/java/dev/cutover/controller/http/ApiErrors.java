package dev.cutover.controller.http;

import dev.cutover.controller.core.DomainError;
import dev.cutover.controller.core.DomainException;
import dev.cutover.protocol.api.Responses;

import java.util.List;

/** How refusals become HTTP answers: each kind of {@link DomainError} has its status, nothing is guessed from types. */
final class ApiErrors {

    private ApiErrors() {
    }

    static int status(DomainError error) {
        if (error instanceof DomainError.BadRequest) {
            return 400;
        }
        if (error instanceof DomainError.NotFound) {
            return 404;
        }
        if (error instanceof DomainError.Conflict) {
            return 409;
        }
        if (error instanceof DomainError.Unavailable) {
            return 503;
        }
        throw new IllegalArgumentException("no status for " + error);
    }

    static Responses.Error body(DomainError error) {
        List<String> problems = error instanceof DomainError.BadRequest b && b.problems().size() > 1
                ? b.problems() : List.of();
        return new Responses.Error(error.message(), problems);
    }

    /** A failure of a handler: a refusal as its status, anything else a 500 naming it. */
    static DomainError of(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof DomainException d) {
            return d.error();
        }
        return null;
    }
}
