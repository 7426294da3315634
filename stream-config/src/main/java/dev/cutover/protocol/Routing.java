package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

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

    /** A new stream: {@code leader} leads from the beginning, under epoch 1. */
    public static Routing initial(String leader) {
        return new Routing(1, List.of(new Segment(BEGINNING, 1, leader, false)));
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
        long next = epoch + 1;
        List<Segment> kept = new ArrayList<>();
        for (Segment segment : segments) {
            if (segment.fromHour().isBefore(from)) {
                kept.add(segment);
            }
        }
        kept.add(new Segment(from, next, leader, secondaryStopped));
        kept.sort(Comparator.comparing(Segment::fromHour));
        return new Routing(next, kept);
    }
}
