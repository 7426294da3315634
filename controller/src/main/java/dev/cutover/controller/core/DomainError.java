package dev.cutover.controller.core;

import java.util.List;

/**
 * Why the controller refuses a request, as data; the HTTP API maps each kind to its status explicitly.
 */
public sealed interface DomainError {

    String message();

    /** The request is wrong (400): every problem listed. */
    record BadRequest(String message, List<String> problems) implements DomainError {
        public BadRequest {
            problems = List.copyOf(problems);
        }

        public static BadRequest of(List<String> problems) {
            return new BadRequest(problems.size() == 1 ? problems.get(0)
                    : problems.size() + " problems: " + String.join("; ", problems), problems);
        }
    }

    /** What the request names does not exist here (404). */
    record NotFound(String message) implements DomainError {
    }

    /** The request contradicts the current state (409), e.g. overriding a stream that is not blocked. */
    record Conflict(String message) implements DomainError {
    }

    /** This controller cannot serve it now (503): a standby, not ready yet, or its route log is failing. */
    record Unavailable(String message) implements DomainError {
    }
}
