package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a job's work list ({@code GET /v1/work?job=J}):
 * {@code {"id","stream","hour","action","database","from","epoch","lease_ms","not_before"}}. {@code from} is the
 * source database of a copy or the other side of a compare; null otherwise. {@code lease_ms} and {@code not_before}
 * are the write lease terms of the item's commit, as on a {@link Route} (absent: the default lease, at once).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WorkItem(@JsonProperty("id") String id,
                       @JsonProperty("stream") String stream,
                       @JsonProperty("hour") Hour hour,
                       @JsonProperty("action") WorkAction action,
                       @JsonProperty("database") String database,
                       @JsonProperty("from") String from,
                       @JsonProperty("epoch") long epoch,
                       @JsonProperty("lease_ms") @JsonInclude(JsonInclude.Include.NON_NULL) Long leaseMs,
                       @JsonProperty("not_before") @JsonInclude(JsonInclude.Include.NON_NULL) Instant notBefore) {

    @JsonCreator
    public WorkItem {
    }

    /** An item without lease terms: the default lease, writable at once. */
    public WorkItem(String id, String stream, Hour hour, WorkAction action, String database, String from, long epoch) {
        this(id, stream, hour, action, database, from, epoch, null, null);
    }

    /** How long the writer's lease lasts once its epoch is confirmed. */
    @JsonIgnore
    public Duration lease() {
        return LeasePolicy.lengthOf(leaseMs);
    }

    /** From when the item's commit may switch; empty: at once. */
    @JsonIgnore
    public Optional<Instant> writableFrom() {
        return Optional.ofNullable(notBefore);
    }
}
