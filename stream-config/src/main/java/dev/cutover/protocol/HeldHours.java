package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Hours {@code since} (inclusive) to {@code until} (exclusive) of one stream that a job must not write, and why: a
 * {@link Hold} (the controller's work list handles them), a secondary that has stopped (decommissioned), or a stream
 * whose table cannot be selected on its own. They are in no {@link Invocation}; wire shape of each entry of
 * {@code held} in {@code GET /v1/jobs/{job}/invocations}. {@code table} is null when the stream has no table name.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeldHours(@JsonProperty("stream") String stream,
                        @JsonProperty("table") @JsonInclude(JsonInclude.Include.ALWAYS) String table,
                        @JsonProperty("since") Hour since,
                        @JsonProperty("until") Hour until,
                        @JsonProperty("reason") String reason) {

    public HeldHours {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(reason, "reason");
        if (!since.isBefore(until)) {
            throw new IllegalArgumentException("held hours end before they start: since " + since + ", until "
                    + until + " (until is exclusive)");
        }
    }

    public boolean covers(Hour hour) {
        return !hour.isBefore(since) && hour.isBefore(until);
    }
}
