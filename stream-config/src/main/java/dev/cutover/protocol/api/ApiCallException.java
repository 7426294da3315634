package dev.cutover.protocol.api;

import java.util.List;

/**
 * A controller API call that did not succeed: unreachable ({@link #status()} 0: connection refused, timed out, no
 * route to host), or answered with an error status and its {@link Responses.Error} body.
 */
public final class ApiCallException extends Exception {

    private final int status;
    private final List<String> problems;

    public ApiCallException(int status, String message, List<String> problems, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    /** The HTTP status, or 0 when the controller could not be reached (or answered nothing usable in time). */
    public int status() {
        return status;
    }

    /** Every problem the controller listed (a refused report batch lists each). */
    public List<String> problems() {
        return problems;
    }

    /** Whether no controller answered: the caller may fall back (e.g. to the routes topic). */
    public boolean unreachable() {
        return status == 0;
    }
}
