package dev.cutover.controller.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * One entry of the audit log ({@code GET /v1/events}): who did what to which stream, why, when, and at
 * which config revision.
 */
public record AuditEvent(@JsonProperty("seq") long seq,
                         @JsonProperty("at") Instant at,
                         @JsonProperty("stream") String stream,
                         @JsonProperty("who") String who,
                         @JsonProperty("what") String what,
                         @JsonProperty("why") String why,
                         @JsonProperty("config_revision") String configRevision) {
}
