package dev.cutover.controller.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.Verdict;

/** The last comparison of one (stream, hour): the verdict, the worker's compare detail and when it arrived. */
public record VerdictRecord(@JsonProperty("verdict") Verdict verdict,
                            @JsonProperty("detail") CompareDetail detail,
                            @JsonProperty("epoch") long epoch,
                            @JsonProperty("seq") long seq) {
}
