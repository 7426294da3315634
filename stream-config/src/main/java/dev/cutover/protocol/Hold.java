package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Hours {@code from}..{@code to} (inclusive) that {@code job}'s routed refine must not write now, and why: the
 * controller's work list handles them (a copy, a preservation of the other job's output, a rerun), or the job's
 * output is already where the routes want it (by a copy, or under an earlier epoch). The controller derives holds
 * from what workers reported; workers read them with the routes ({@link RouteTable#route}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Hold(@JsonProperty("job") String job,
                   @JsonProperty("from") Hour from,
                   @JsonProperty("to") Hour to,
                   @JsonProperty("reason") String reason) {

    public Hold {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a hold ends before it starts: " + from + ".." + to);
        }
    }

    public boolean covers(String job, Hour hour) {
        return this.job.equals(job) && !hour.isBefore(from) && !hour.isAfter(to);
    }
}
