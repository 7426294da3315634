package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.Commit;
import dev.cutover.controller.model.HourObservation;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Segment;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.WorkItem;
import dev.cutover.streamconfig.CutoverSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Level-triggered work lists: for every hour some job has reported on, whatever differs from the routes is
 * listed until a report says it is done. Pure. Hours nobody has touched are left to the workers' routed writes,
 * which decide from what storage holds ({@code RoutedWrite} in the commit module: after a rollback an hour whose
 * reports never arrived may hold the new job's output in production; it is preserved and restored by copies there).
 * <ul>
 *   <li>production (the hour's leader under the segment's epoch or later): if the other job's output is in
 *   production, it is first <b>preserved</b> by a copy into that job's shadow database; then production is
 *   restored by a <b>copy</b> from the leader's own shadow output when it has one (rollback: no recompute),
 *   else by a <b>refine</b> (the rerun of the cutover hour);</li>
 *   <li>shadow (the secondary): copy its stale production output over, or refine again;</li>
 *   <li><b>compare</b> every hour both sides committed and no fresh verdict exists (on the new job's list);</li>
 *   <li><b>drop</b> the legacy shadow partitions of a decommissioned stream.</li>
 * </ul>
 * An INVALID or ORPHANED stream keeps its routes, so its work follows the phase it resumes
 * ({@link StreamState#underlyingPhase()}): a suspended rollback still restores, a decommission still drops.
 */
public final class WorkPlanner {

    private WorkPlanner() {
    }

    public static List<PlannedWork> plan(StreamState state, StreamObservations observed, CutoverSettings settings) {
        List<PlannedWork> work = new ArrayList<>();
        for (Hour hour : observed.hours().keySet()) {
            planHour(state, hour, observed.at(hour), settings, work);
        }
        return List.copyOf(work);
    }

    /**
     * Why a worker's routed refine (no work item) must not write this hour now, or empty when it may. Not when the
     * work list handles the hour for this job or for the database its route gives it (an item of this job, or one
     * that writes or reads that database: a copy, a preservation, a rerun), and not when this job's output is
     * already where the routes want it but under an earlier epoch or by a copy: re-refining it would only recompute
     * what is there (after a rollback, the restored hours stay copies). Its own refine under the current epoch may
     * be redone (the worker re-refines when the raw input changed). A job the routes give no database for is not
     * asked about here (the routing rule answers that itself).
     */
    public static Optional<String> routedRefineHold(StreamState state, String job, Hour hour, HourObservation obs,
                                                    CutoverSettings settings) {
        String database = state.databaseFor(job, hour, settings);
        if (database == null) {
            return Optional.empty();
        }
        return routedRefineHold(state, job, hour, obs, settings, planHour(state, hour, obs, settings));
    }

    /** {@link #routedRefineHold} given the hour's work items ({@link #planHour}). */
    static Optional<String> routedRefineHold(StreamState state, String job, Hour hour, HourObservation obs,
                                             CutoverSettings settings, List<PlannedWork> items) {
        String database = state.databaseFor(job, hour, settings);
        if (database == null) {
            return Optional.empty();
        }
        Optional<PlannedWork> pending = items.stream().filter(w -> w.item().action() != WorkAction.COMPARE
                && (w.job().equals(job) || database.equals(w.item().database()) || database.equals(w.item().from())))
                .findFirst();
        if (pending.isPresent()) {
            WorkItem item = pending.get().item();
            return Optional.of("the work list handles this hour: " + item.action().wireName() + " into "
                    + item.database() + (item.from() == null ? "" : " from " + item.from()) + " by "
                    + pending.get().job());
        }
        Optional<Commit> own = obs.in(database).filter(c -> c.job().equals(job));
        if (own.isEmpty() || (own.get().epoch() == state.epoch() && own.get().action() == WorkAction.REFINE)) {
            return Optional.empty();
        }
        return Optional.of(own.get().action() == WorkAction.COPY
                ? "already in " + database + " by a copy (restored hours stay copies; no recompute)"
                : "already committed to " + database + " under epoch " + own.get().epoch() + " (current "
                        + state.epoch() + ")");
    }

    /** Whether production still has hours from {@code from} on that are not the leader's (a restore is pending). */
    public static boolean productionPending(StreamState state, StreamObservations observed, CutoverSettings settings,
                                            Hour from) {
        String production = settings.productionDatabase().value();
        return plan(state, observed, settings).stream()
                .anyMatch(w -> !w.item().hour().isBefore(from) && w.item().action() != WorkAction.COMPARE
                        && (production.equals(w.item().database()) || production.equals(w.item().from())));
    }

    /** The work items of one hour, in the order {@link #plan} lists them. */
    static List<PlannedWork> planHour(StreamState state, Hour hour, HourObservation obs, CutoverSettings settings) {
        List<PlannedWork> items = new ArrayList<>();
        planHour(state, hour, obs, settings, items);
        return items.isEmpty() ? List.of() : List.copyOf(items);
    }

    private static void planHour(StreamState state, Hour hour, HourObservation obs, CutoverSettings settings,
                                 List<PlannedWork> work) {
        Segment segment = state.segmentFor(hour);
        String leader = segment.leader();
        String secondary = settings.otherJob(leader);
        String production = settings.productionDatabase().value();
        boolean decommissioned = state.underlyingPhase() == Phase.DECOMMISSIONED;
        String secondaryShadow = segment.secondaryStopped() || decommissioned
                ? null : settings.shadowOf(secondary).value();
        long minEpoch = segment.epoch();

        Optional<Commit> prod = obs.in(production);
        boolean prodOk = prod.filter(c -> c.writtenBy(leader, production, minEpoch)).isPresent();
        boolean shadowOk = secondaryShadow == null
                || obs.in(secondaryShadow).filter(c -> c.writtenBy(secondary, secondaryShadow, minEpoch)).isPresent();
        boolean secondaryOutputInProduction = prod.filter(c -> c.job().equals(secondary)).isPresent();

        if (!shadowOk) {
            if (secondaryOutputInProduction) {
                work.add(item(state, secondary, WorkAction.COPY, hour, secondaryShadow, production));
            } else if (obs.touchedBy(secondary)) {
                work.add(item(state, secondary, WorkAction.REFINE, hour, secondaryShadow, null));
            }
        }
        boolean preservePending = secondaryOutputInProduction && !shadowOk;
        if (!prodOk && !preservePending) {
            String leaderShadow = settings.shadowOf(leader).value();
            if (obs.in(leaderShadow).filter(c -> c.job().equals(leader)).isPresent()) {
                work.add(item(state, leader, WorkAction.COPY, hour, production, leaderShadow));
            } else if (prod.isPresent() || obs.touchedBy(leader)) {
                work.add(item(state, leader, WorkAction.REFINE, hour, production, null));
            }
        }
        if (prodOk && secondaryShadow != null && shadowOk) {
            String left = state.databaseFor(settings.newJob(), hour, settings);
            String right = state.databaseFor(settings.legacyJob(), hour, settings);
            if (obs.freshVerdict(left, right).isEmpty()) {
                work.add(item(state, settings.newJob(), WorkAction.COMPARE, hour, left, right));
            }
        }
        if (decommissioned) {
            String legacyShadow = settings.legacyShadow().value();
            if (obs.in(legacyShadow).isPresent()) {
                work.add(item(state, settings.legacyJob(), WorkAction.DROP, hour, legacyShadow, null));
            }
        }
    }

    private static PlannedWork item(StreamState state, String job, WorkAction action, Hour hour, String database,
                                    String from) {
        String id = action.wireName() + "/" + state.stream() + "/" + hour + "/" + database
                + (from == null ? "" : "<" + from) + "@" + state.epoch();
        return new PlannedWork(job, new WorkItem(id, state.stream(), hour, action, database, from, state.epoch(),
                state.routing().leaseMs(), state.routing().writableFrom(hour).orElse(null)));
    }
}
