package dev.cutover.controller.routelog;

/** The route log cannot be read or written; the message names the file or topic and what to do. */
public class RouteLogException extends RuntimeException {

    public RouteLogException(String message, Throwable cause) {
        super(message, cause);
    }

    public RouteLogException(String message) {
        super(message);
    }
}
