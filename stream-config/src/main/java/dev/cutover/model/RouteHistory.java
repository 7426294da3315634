package dev.cutover.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cutover.streamconfig.CutoverSettings;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The routing part of a value of the compacted routes topic ({@code cutover.routes}, key = stream), as the
 * controller's Kafka route log writes it: the stream, its current epoch and its routing history. The value holds
 * more (phase, problems, ...); this reads only what a worker needs to route and fence without the controller's
 * HTTP API, and computes routes exactly like the controller does for a routed refine.
 *
 * @param segments oldest first; from {@code from_hour} on (until the next segment) {@code leader} writes production
 *                 and the other job its shadow database (none once {@code secondary_stopped})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RouteHistory(@JsonProperty("stream") String stream,
                           @JsonProperty("epoch") long epoch,
                           @JsonProperty("segments") List<Segment> segments) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** One segment of the routing history. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Segment(@JsonProperty("from_hour") Hour fromHour,
                          @JsonProperty("epoch") long epoch,
                          @JsonProperty("leader") String leader,
                          @JsonProperty("secondary_stopped") boolean secondaryStopped) {
        public Segment {
            Objects.requireNonNull(fromHour, "from_hour");
            Objects.requireNonNull(leader, "leader");
        }
    }

    public RouteHistory {
        Objects.requireNonNull(stream, "stream");
        if (segments == null || segments.isEmpty()) {
            throw new IllegalArgumentException("the routing history of " + stream + " has no segments");
        }
        segments = List.copyOf(segments);
    }

    /**
     * Reads a routes-topic value.
     *
     * @throws IllegalArgumentException naming the problem when the bytes are not a routing history
     */
    public static RouteHistory parse(byte[] value) {
        try {
            return JSON.readValue(value, RouteHistory.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a routing history: " + e.getMessage(), e);
        }
    }

    /** The segment that covers {@code hour}: the last one starting at or before it (the first one before that). */
    public Segment segmentFor(Hour hour) {
        Segment found = segments.get(0);
        for (Segment segment : segments) {
            if (!hour.isBefore(segment.fromHour())) {
                found = segment;
            }
        }
        return found;
    }

    /** Where {@code job} writes {@code hour} under the current epoch; a null database means "do not write". */
    public Route route(String job, Hour hour, CutoverSettings settings) {
        Segment segment = segmentFor(hour);
        if (job.equals(segment.leader())) {
            return new Route(settings.productionDatabase().value(), epoch);
        }
        return new Route(segment.secondaryStopped() ? null : settings.shadowOf(job).value(), epoch);
    }
}
