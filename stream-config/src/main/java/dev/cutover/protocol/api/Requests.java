package dev.cutover.protocol.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

/** The bodies of the controller API's operator requests. */
public final class Requests {

    private Requests() {
    }

    /**
     * {@code POST /v1/streams/{stream}/override} and {@code .../decommission}: who asks and why (required).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Operator(@JsonProperty("who") String who, @JsonProperty("why") String why) {

        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (who == null || who.isBlank()) {
                problems.add("who is required: {\"who\": \"...\", \"why\": \"...\"}");
            }
            if (why == null || why.isBlank()) {
                problems.add("a reason is required: {\"who\": \"...\", \"why\": \"...\"}");
            }
            return problems;
        }
    }

    /** {@code POST /v1/override-layer/accept}: the revision the held layer is at (as checked), who and why. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AcceptOverrideLayer(@JsonProperty("revision") Long revision,
                                      @JsonProperty("who") String who,
                                      @JsonProperty("why") String why) {

        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (revision == null || revision < 0) {
                problems.add("the revision to accept is required: {\"revision\": N, \"who\": \"...\", \"why\":"
                        + " \"...\"} (GET /ready shows the held revision)");
            }
            problems.addAll(new Operator(who, why).problems());
            return problems;
        }
    }
}
