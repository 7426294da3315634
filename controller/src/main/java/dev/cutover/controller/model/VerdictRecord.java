package dev.cutover.controller.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.protocol.Verdict;

/** The last comparison of one (stream, hour): the verdict, the worker's compare JSON and when it arrived. */
public record VerdictRecord(@JsonProperty("verdict") Verdict verdict,
                            @JsonProperty("detail") JsonNode detail,
                            @JsonProperty("epoch") long epoch,
                            @JsonProperty("seq") long seq) {
}
