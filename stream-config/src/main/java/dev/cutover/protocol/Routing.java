package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A stream's routing history: its current epoch and its segments, oldest first. This is where the first half of
 * the routing rule lives: which job leads an hour, and which database a job writes for it ({@link #database}).
 * The second half, the hours nobody may write yet, is {@link RouteTable}'s holds.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Routing(@JsonProperty("epoch") long epoch, @JsonProperty("segments") List<Segment> segments) {

    /** The first segment of every stream starts here: legacy led before the controller existed. */
    public static final Hour BEGINNING = Hour.of(1970, 1, 1, 0);

    public Routing {
        if (segments == null || segments.isEmpty()) {
            throw new IllegalArgumentException("a routing history needs at least one segment");
        }
        segments = List.copyOf(segments);
        for (int i = 1; i < segments.size(); i++) {
            if (!segments.get(i).fromHour().isAfter(segments.get(i - 1).fromHour())) {
                throw new IllegalArgumentException("route segments must start at increasing hours: " + segments);
            }
        }
        if (epoch < segments.get(segments.size() - 1).epoch()) {
            throw new IllegalArgumentException("the epoch " + epoch + " is older than the newest segment's");
        }
    }

    /** A new stream: {@code leader} leads from the beginning, under epoch 1 (no lease terms recorded). */
    public static Routing initial(String leader) {
        return new Routing(1, List.of(new Segment(BEGINNING, 1, leader, false)));
    }

    /**
     * A new stream published at {@code now}: {@code leader} leads from the beginning, under epoch 1, whose writers
     * hold leases of {@code leases.length()}. Its hours are writable at once: no older routes existed.
     */
    public static Routing initial(String leader, Instant now, LeasePolicy leases) {
        return new Routing(1, List.of(new Segment(BEGINNING, 1, leader, false, now, leases.length().toMillis(), null)));
    }

    /** The segment in force for {@code hour}: the last one starting at or before it (the first one before that). */
    public Segment segmentFor(Hour hour) {
        Segment found = segments.get(0);
        for (Segment segment : segments) {
            if (segment.covers(hour)) {
                found = segment;
            }
        }
        return found;
    }

    public Segment current() {
        return segments.get(segments.size() - 1);
    }

    /**
     * From when a write of {@code hour} under the current epoch may switch: its segment's {@code not_before} (older
     * writers' leases on it have ended by then); empty: at once.
     */
    public Optional<Instant> writableFrom(Hour hour) {
        return segmentFor(hour).writableFrom();
    }

    /** The lease length of writers under the current epoch as recorded; null when not recorded (the default). */
    public Long leaseMs() {
        return current().leaseMs();
    }

    /**
     * The database {@code job} writes {@code hour} into: production when it leads the hour, its shadow database
     * when it is the secondary, none when the secondary has stopped or the job is not one of {@code databases}.
     */
    public Optional<String> database(String job, Hour hour, Databases databases) {
        if (!databases.knows(job)) {
            return Optional.empty();
        }
        Segment segment = segmentFor(hour);
        if (job.equals(segment.leader())) {
            return Optional.of(databases.production());
        }
        return segment.secondaryStopped() ? Optional.empty() : databases.shadowOf(job);
    }

    /**
     * A routing change: from {@code from} on, {@code leader} leads under the next epoch. Segments that started at or
     * after {@code from} are replaced (a rollback re-routes the hours of the cutover it undoes).
     */
    public Routing from(Hour from, String leader, boolean secondaryStopped) {
        return from(new Segment(from, epoch + 1, leader, secondaryStopped));
    }

    /**
     * {@link #from(Hour, String, boolean)}, published at {@code now} with lease terms: writers under the new epoch
     * hold leases of {@code leases.length()}, and the new segment's hours switch under it only once the leases of
     * every older writer (the longest any segment of this history granted) have ended, plus the margin.
     */
    public Routing from(Hour from, String leader, boolean secondaryStopped, Instant now, LeasePolicy leases) {
        Duration older = segments.stream().map(Segment::lease).max(Comparator.naturalOrder()).orElseThrow();
        return from(new Segment(from, epoch + 1, leader, secondaryStopped, now, leases.length().toMillis(),
                leases.notBefore(now, older)));
    }

    private Routing from(Segment next) {
        List<Segment> kept = new ArrayList<>();
        for (Segment segment : segments) {
            if (segment.fromHour().isBefore(next.fromHour())) {
                kept.add(segment);
            }
        }
        kept.add(next);
        kept.sort(Comparator.comparing(Segment::fromHour));
        return new Routing(next.epoch(), kept);
    }
}
