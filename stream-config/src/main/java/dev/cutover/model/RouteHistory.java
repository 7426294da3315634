package dev.cutover.model;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.DatabaseName;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The routing part of a value of the compacted routes topic ({@code cutover.routes}, key = stream), as the
 * controller's Kafka route log writes it: the stream, its current epoch and its routing history. The value holds
 * more (phase, problems, ...); this reads only what a worker needs to route and fence without the controller's
 * HTTP API, and computes routes exactly like the controller does for a routed refine.
 *
 * @param segments  oldest first; from {@code from_hour} on (until the next segment) {@code leader} writes production
 *                  and the other job its shadow database (none once {@code secondary_stopped})
 * @param databases the plan's production database and each job's shadow database, as the controller that wrote
 *                  the value had them; null in values written before the controller recorded them (the reader's
 *                  own settings apply then)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RouteHistory(@JsonProperty("stream") String stream,
                           @JsonProperty("epoch") long epoch,
                           @JsonProperty("segments") List<Segment> segments,
                           @JsonProperty("databases") Databases databases) {

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

    /**
     * The databases of the migration plan a routes-topic value was written under: {@code production} for the leader,
     * {@code jobs} = each job's name and its shadow database. Names are checked like any configured database name.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Databases(@JsonProperty("production") String production,
                            @JsonProperty("jobs") Map<String, String> jobs) {
        public Databases {
            Objects.requireNonNull(production, "databases.production");
            if (jobs == null || jobs.isEmpty()) {
                throw new IllegalArgumentException("databases.jobs names no job");
            }
            new DatabaseName(production);
            jobs.forEach((job, shadow) -> new DatabaseName(Objects.requireNonNull(shadow, "the shadow of " + job)));
            jobs = Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
        }

        /** The databases of a plan's settings (what the controller writes into every value). */
        public static Databases of(CutoverSettings settings) {
            Map<String, String> jobs = new LinkedHashMap<>();
            for (String job : settings.jobs()) {
                jobs.put(job, settings.shadowOf(job).value());
            }
            return new Databases(settings.productionDatabase().value(), jobs);
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

    /** The databases routes are computed with: the value's own, or {@code settings}' for a value without them. */
    public Databases databasesOr(CutoverSettings settings) {
        return databases != null ? databases : Databases.of(settings);
    }

    /** Whether {@code job} is one of the plan's jobs (the value's, or {@code settings}' for a value without them). */
    public boolean knows(String job, CutoverSettings settings) {
        return databasesOr(settings).jobs().containsKey(job);
    }

    /**
     * Where {@code job} writes {@code hour} under the current epoch; a null database means "do not write". The
     * databases are the value's own ({@link #databases}), or {@code settings}' for a value written without them.
     * A job the plan does not know ({@link #knows}) does not write.
     */
    public Route route(String job, Hour hour, CutoverSettings settings) {
        Databases names = databasesOr(settings);
        if (!names.jobs().containsKey(job)) {
            return new Route(null, epoch);
        }
        Segment segment = segmentFor(hour);
        if (job.equals(segment.leader())) {
            return new Route(names.production(), epoch);
        }
        return new Route(segment.secondaryStopped() ? null : names.jobs().get(job), epoch);
    }
}
