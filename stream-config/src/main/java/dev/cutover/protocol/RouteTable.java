package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Everything a worker needs to route one stream, as the controller published it: the routing history (epoch and
 * segments), the plan's databases and the hours that must not be written now ({@link Hold}s). {@link #route} is
 * <b>the</b> routing rule: the controller's {@code GET /v1/routes} answers with it and a worker reading the routes
 * topic while no controller answers calls it on the same table, so both give the same answer for every
 * (job, hour).
 *
 * <p>Wire shape (a routes-topic value holds these fields among others): {@code {"stream", "epoch", "segments",
 * "databases", "holds"}}. A value written before holds existed has none.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RouteTable(@JsonProperty("stream") String stream,
                         @JsonProperty("epoch") long epoch,
                         @JsonProperty("segments") List<Segment> segments,
                         @JsonProperty("databases") Databases databases,
                         @JsonProperty("holds") List<Hold> holds) {

    public RouteTable {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(databases, "databases");
        new Routing(epoch, segments);
        segments = List.copyOf(segments);
        holds = holds == null ? List.of() : holds.stream()
                .sorted(Comparator.comparing(Hold::job).thenComparing(Hold::from)).toList();
    }

    public static RouteTable of(String stream, Routing routing, Databases databases, List<Hold> holds) {
        return new RouteTable(stream, routing.epoch(), routing.segments(), databases, holds);
    }

    @JsonIgnore
    public Routing routing() {
        return new Routing(epoch, segments);
    }

    /**
     * Where {@code job} writes {@code hour} now, under the stream's current epoch: the segment's database, unless
     * the job is not one of the plan's, the secondary has stopped, or a hold covers the hour (then: do not write,
     * with the reason). A route to write carries the write lease terms of the routing history: the current epoch's
     * lease length and the hour's segment's {@code not_before} ({@link Routing#writableFrom}).
     */
    public Route route(String job, Hour hour) {
        if (!databases.knows(job)) {
            return Route.doNotWrite(epoch, "job '" + job + "' is not a job of the migration plan "
                    + databases.jobs().keySet());
        }
        var database = routing().database(job, hour, databases);
        if (database.isEmpty()) {
            return Route.doNotWrite(epoch, "the secondary job has stopped for " + stream + " (decommissioned)");
        }
        for (Hold hold : holds) {
            if (hold.covers(job, hour)) {
                return Route.doNotWrite(epoch, hold.reason());
            }
        }
        Routing routing = routing();
        return Route.write(database.get(), epoch, routing.leaseMs(), routing.writableFrom(hour).orElse(null));
    }
}
