package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One piece of a stream's routing history: from {@code fromHour} on (until the next segment), {@code leader}
 * writes production and the other job writes its shadow database (none once {@code secondaryStopped}).
 *
 * <p>A segment the controller published with its write lease terms ({@link LeasePolicy}) also records when it was
 * published, the lease length of the writers under its epoch, and from when its hours may be switched under it
 * ({@code not_before}: once every older writer's lease has ended). A segment written before leases existed has none
 * of the three: its hours may be switched at once and its writers hold {@link LeasePolicy#DEFAULT}'s lease.
 *
 * @param epoch       the stream epoch under which this segment was published; a commit for an hour of this segment
 *                    is valid only under this epoch or a later one
 * @param publishedAt when the controller decided the segment; null when not recorded
 * @param leaseMs     the write lease length of the writers under this segment's epoch; null when not recorded
 * @param notBefore   writes to this segment's hours switch only from then on; null: at once
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Segment(@JsonProperty("from_hour") Hour fromHour,
                      @JsonProperty("epoch") long epoch,
                      @JsonProperty("leader") String leader,
                      @JsonProperty("secondary_stopped") boolean secondaryStopped,
                      @JsonProperty("published_at") @JsonInclude(JsonInclude.Include.NON_NULL) Instant publishedAt,
                      @JsonProperty("lease_ms") @JsonInclude(JsonInclude.Include.NON_NULL) Long leaseMs,
                      @JsonProperty("not_before") @JsonInclude(JsonInclude.Include.NON_NULL) Instant notBefore) {

    @JsonCreator
    public Segment {
        Objects.requireNonNull(fromHour, "from_hour");
        Objects.requireNonNull(leader, "leader");
        if (epoch < 1) {
            throw new IllegalArgumentException("a segment's epoch must be positive: " + epoch);
        }
        if (leaseMs != null && leaseMs < 1) {
            throw new IllegalArgumentException("a segment's lease_ms must be positive: " + leaseMs);
        }
    }

    /** A segment without lease terms (as written before leases existed). */
    public Segment(Hour fromHour, long epoch, String leader, boolean secondaryStopped) {
        this(fromHour, epoch, leader, secondaryStopped, null, null, null);
    }

    public boolean covers(Hour hour) {
        return !hour.isBefore(fromHour);
    }

    /** The lease length of the writers under this segment's epoch: the recorded one, or the default. */
    public Duration lease() {
        return LeasePolicy.lengthOf(leaseMs);
    }

    /** From when this segment's hours may be switched under its epoch; empty: at once. */
    public Optional<Instant> writableFrom() {
        return Optional.ofNullable(notBefore);
    }

    /** The same routing without the lease terms (for comparing routing histories). */
    public Segment withoutLeaseTerms() {
        return new Segment(fromHour, epoch, leader, secondaryStopped);
    }
}
