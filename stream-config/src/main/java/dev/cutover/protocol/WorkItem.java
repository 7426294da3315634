package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of a job's work list ({@code GET /v1/work?job=J}):
 * {@code {"id","stream","hour","action","database","from","epoch"}}. {@code from} is the source
 * database of a copy or the other side of a compare; null otherwise.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WorkItem(@JsonProperty("id") String id,
                       @JsonProperty("stream") String stream,
                       @JsonProperty("hour") Hour hour,
                       @JsonProperty("action") WorkAction action,
                       @JsonProperty("database") String database,
                       @JsonProperty("from") String from,
                       @JsonProperty("epoch") long epoch) {
}
