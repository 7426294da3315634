package dev.cutover.controller.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** The wire shapes of {@code GET /v1/streams} and {@code GET /v1/streams/{stream}}. */
public final class StreamView {

    private StreamView() {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RouteView(@JsonProperty("from_hour") String fromHour,
                            @JsonProperty("epoch") long epoch,
                            @JsonProperty("leader") String leader,
                            @JsonProperty("databases") Map<String, String> databases) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record VerdictView(@JsonProperty("hour") String hour,
                              @JsonProperty("verdict") String verdict,
                              @JsonProperty("detail") JsonNode detail) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Summary(@JsonProperty("stream") String stream,
                          @JsonProperty("table") String table,
                          @JsonProperty("phase") String phase,
                          @JsonProperty("leader") String leader,
                          @JsonProperty("epoch") long epoch,
                          @JsonProperty("flag") String flag,
                          @JsonProperty("cutover_hour") String cutoverHour,
                          @JsonProperty("problems") List<String> problems,
                          @JsonProperty("last_verdicts") List<String> lastVerdicts) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Detail(@JsonProperty("stream") String stream,
                         @JsonProperty("table") String table,
                         @JsonProperty("phase") String phase,
                         @JsonProperty("leader") String leader,
                         @JsonProperty("epoch") long epoch,
                         @JsonProperty("flag") String flag,
                         @JsonProperty("cutover_hour") String cutoverHour,
                         @JsonProperty("problems") List<String> problems,
                         @JsonProperty("routes") List<RouteView> routes,
                         @JsonProperty("verdicts") List<VerdictView> verdicts,
                         @JsonProperty("work_backlog") int workBacklog) {
    }
}
