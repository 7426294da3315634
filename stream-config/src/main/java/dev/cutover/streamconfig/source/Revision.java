package dev.cutover.streamconfig.source;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One write to the {@link OverrideLayer}: an audit record.
 *
 * @param number   the layer revision this write produced (1, 2, ...)
 * @param stream   the stream (config key) the entry belongs to
 * @param pointer  where in the stream's settings, e.g. {@code /consumers/analytics_hive_ingestion/hive_database}
 * @param oldValue the override layer's value there before the write (empty: the layer had none, so the base
 *                 value showed through); this is not the base config's value
 * @param newValue the layer's value after the write (empty after a revert: the base value shows through)
 * @param who      who wrote it (a person or {@code controller/auto-promote})
 * @param why      why (free text: a ticket, "3 consecutive PASS hours", ...)
 * @param at       when, from the layer's clock
 */
public record Revision(long number, String stream, JsonPointer pointer, Optional<JsonNode> oldValue,
                       Optional<JsonNode> newValue, String who, String why, Instant at) {

    public Revision {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(pointer, "pointer");
        oldValue = oldValue.map(JsonNode::deepCopy);
        newValue = newValue.map(JsonNode::deepCopy);
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(at, "at");
    }

    /** True for a revert that found nothing to remove: nothing was written and no revision was used. */
    public boolean isNoop() {
        return oldValue.isEmpty() && newValue.isEmpty();
    }
}
