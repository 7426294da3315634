package dev.cutover.controller.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.protocol.Hour;

import java.util.Objects;

/**
 * One piece of a stream's routing history: from {@code fromHour} on (until the next segment), {@code leader}
 * writes production and the other job writes its shadow database (none once {@code secondaryStopped}).
 *
 * @param epoch the stream epoch under which this segment was published; a commit for an hour of this segment
 *              is valid only under this epoch or a later one
 */
public record RouteSegment(@JsonProperty("from_hour") Hour fromHour,
                           @JsonProperty("epoch") long epoch,
                           @JsonProperty("leader") String leader,
                           @JsonProperty("secondary_stopped") boolean secondaryStopped) {

    public RouteSegment {
        Objects.requireNonNull(fromHour, "fromHour");
        Objects.requireNonNull(leader, "leader");
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be positive: " + epoch);
        }
    }

    public boolean covers(Hour hour) {
        return !hour.isBefore(fromHour);
    }
}
