package dev.cutover.controller.core;

import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.reconcile.PlannedWork;
import dev.cutover.controller.reconcile.RouteHolds;
import dev.cutover.controller.reconcile.WorkPlanner;
import dev.cutover.protocol.Databases;
import dev.cutover.protocol.RouteTable;
import dev.cutover.streamconfig.CutoverSettings;

import java.util.List;
import java.util.Optional;

/**
 * One managed stream as the controller publishes it: its state, and what follows from the state and the
 * observations: its route table (routes with holds; the routing rule) and its work lists. Recomputed whenever the
 * stream's state or observations change, so reads never compute anything.
 *
 * @param published        the route table last written to the route log (empty when not known to be written): a
 *                         reconcile writes the stream again when its table changed
 * @param reconcileProblem why the last reconcile of the stream failed (its state was kept); empty once one succeeds
 */
public record StreamEntry(StreamState state, RouteTable table, List<PlannedWork> work,
                          Optional<RouteTable> published, Optional<String> reconcileProblem) {

    public StreamEntry {
        work = List.copyOf(work);
    }

    public static StreamEntry of(StreamState state, StreamObservations observed, CutoverSettings settings,
                                 Optional<RouteTable> published) {
        RouteTable table = RouteTable.of(state.stream(), state.routing(), Databases.of(settings),
                RouteHolds.of(state, observed, settings));
        return new StreamEntry(state, table, WorkPlanner.plan(state, observed, settings), published, Optional.empty());
    }

    /** The same stream with its table marked as written to the route log. */
    public StreamEntry written() {
        return new StreamEntry(state, table, work, Optional.of(table), reconcileProblem);
    }

    /** The same stream with the last reconcile's failure (or none). */
    public StreamEntry withReconcileProblem(Optional<String> problem) {
        return new StreamEntry(state, table, work, published, problem);
    }

    /** Whether the route log lacks this table (the routes topic must carry the newest holds). */
    public boolean tableUnwritten() {
        return published.isEmpty() || !published.get().equals(table);
    }
}
