package dev.cutover.controller.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.protocol.Report;

import java.time.Instant;

/** A worker report as the controller received it: numbered, stamped, stored in the route log. */
public record ReportRecord(@JsonProperty("seq") long seq,
                           @JsonProperty("received_at") Instant receivedAt,
                           @JsonProperty("report") Report report) {
}
