package dev.cutover.controller.core;

import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.reconcile.PlannedWork;
import dev.cutover.controller.reconcile.HourPlans;
import dev.cutover.controller.reconcile.WorkPlanner;
import dev.cutover.protocol.Databases;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RouteTable;
import dev.cutover.streamconfig.CutoverSettings;

import java.util.Collection;
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
 * @param plans            the per-hour plans {@code table}'s holds and {@code work} are made of, kept so that a report
 *                         derives only its hours again
 */
public record StreamEntry(StreamState state, RouteTable table, List<PlannedWork> work,
                          Optional<RouteTable> published, Optional<String> reconcileProblem, HourPlans plans) {

    public StreamEntry {
        work = List.copyOf(work);
    }

    public static StreamEntry of(StreamState state, StreamObservations observed, CutoverSettings settings,
                                 Optional<RouteTable> published) {
        return of(state, HourPlans.of(state, observed, settings), settings, published, null);
    }

    private static StreamEntry of(StreamState state, HourPlans plans, CutoverSettings settings,
                                  Optional<RouteTable> published, StreamEntry previous) {
        RouteTable table = previous != null && previous.plans.holds() == plans.holds()
                && previous.state.epoch() == state.epoch() && previous.state.segments().equals(state.segments())
                && previous.state.stream().equals(state.stream())
                ? previous.table
                : RouteTable.of(state.stream(), state.routing(), Databases.of(settings), plans.holds());
        return new StreamEntry(state, table, plans.work(), published, Optional.empty(), plans);
    }

    /**
     * What {@link #of} gives for {@code state} and {@code observed}, derived again only for the hours whose
     * observation changed ({@code changed}, or every hour whose observation is not the one this entry was derived
     * from) while the stream's routes stay the ones this entry's plans follow.
     */
    public StreamEntry next(StreamState state, StreamObservations observed, CutoverSettings settings,
                            Optional<RouteTable> published, Optional<Collection<Hour>> changed) {
        return of(state, plans.next(state, observed, settings, changed), settings, published, this);
    }

    /** The same stream with its table marked as written to the route log. */
    public StreamEntry written() {
        return new StreamEntry(state, table, work, Optional.of(table), reconcileProblem, plans);
    }

    /** The same stream with the last reconcile's failure (or none). */
    public StreamEntry withReconcileProblem(Optional<String> problem) {
        return new StreamEntry(state, table, work, published, problem, plans);
    }

    /** Whether the route log lacks this table (the routes topic must carry the newest holds). */
    public boolean tableUnwritten() {
        return published.isEmpty() || !published.get().equals(table);
    }
}
