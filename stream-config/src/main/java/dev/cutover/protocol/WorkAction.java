package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a work item asks a worker to do. */
public enum WorkAction {
    /** Refine raw input of (stream, hour) into {@code database}. */
    REFINE,
    /** Compare (stream, hour) between the leader's and the secondary's output. */
    COMPARE,
    /** Copy the partition of (stream, hour) from {@code from} into {@code database}. */
    COPY,
    /** Drop the partition of (stream, hour) in {@code database}. */
    DROP;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static WorkAction fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
