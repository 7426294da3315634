package dev.cutover.streamconfig;

/** Stream config content that cannot be used; the message names the origin and the problem. */
public class ConfigParseException extends Exception {

    public ConfigParseException(String message) {
        super(message);
    }

    public ConfigParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
