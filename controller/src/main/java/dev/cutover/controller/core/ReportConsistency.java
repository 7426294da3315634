package dev.cutover.controller.core;

import dev.cutover.controller.model.HourObservation;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.CompareReport;
import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.Segment;
import dev.cutover.protocol.WorkAction;
import dev.cutover.streamconfig.CutoverSettings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Evidence is earned, not asserted: whether a well-formed report is consistent with the controller's own routes.
 * Pure; it reads the state the report would be applied to.
 * <ul>
 *   <li>the stream is managed;</li>
 *   <li>the epoch is one the stream has had: not newer than its current epoch, and for an OK report not older than
 *   the epoch of the route of its hour (an older commit was fenced by a routing change). A FAILED or ABORTED report
 *   may carry an older epoch: it is the worker saying that the routing changed under it;</li>
 *   <li>the database is where the routes send the job for that hour (holds aside, the routing's database): a refine
 *   writes it; a copy writes it from production or from the job's own shadow database (the only sources the work
 *   planner lists); a drop removes the legacy job's shadow partitions of a decommissioned stream; a compare has the
 *   new job's database of the hour on the left and the legacy job's on the right. A FAILED or ABORTED report names a
 *   database of the plan;</li>
 *   <li>a verdict counts only for an hour whose two commits the controller has recorded (before the report's
 *   batch: a batch that brings its own commits proves nothing).</li>
 * </ul>
 */
final class ReportConsistency {

    private ReportConsistency() {
    }

    /** The problems of {@code r} against {@code state}; call it only for a report whose own fields are valid. */
    static List<String> problems(Report r, ControllerState state) {
        List<String> problems = new ArrayList<>();
        var entry = state.entry(r.stream());
        if (entry.isEmpty()) {
            problems.add("stream '" + r.stream() + "' is not managed by this controller (GET /v1/streams lists the"
                    + " managed streams); nothing about it is stored");
            return problems;
        }
        StreamState s = entry.get().state();
        if (r.epoch() > s.epoch()) {
            problems.add("epoch " + r.epoch() + " is newer than " + s.stream() + "'s current epoch " + s.epoch()
                    + ": no route ever had it; report the epoch of the route the worker wrote by (GET /v1/epochs?stream="
                    + s.stream() + ")");
        }
        CutoverSettings settings = state.settings();
        if (!r.ok()) {
            planDatabase("database", r.database(), settings).ifPresent(problems::add);
            if (r instanceof CompareReport c && c.from() != null) {
                planDatabase("from", c.from(), settings).ifPresent(problems::add);
            }
            return problems;
        }
        Segment segment = s.segmentFor(r.hour());
        if (r.epoch() < segment.epoch()) {
            problems.add("epoch " + r.epoch() + " is older than epoch " + segment.epoch() + " of the route of "
                    + r.hour() + " (from " + segment.fromHour() + "): the routing changed, so that commit was fenced;"
                    + " write the hour again under its current route");
        }
        routeProblem(r, s, state).ifPresent(problems::add);
        return problems;
    }

    private static Optional<String> routeProblem(Report r, StreamState s, ControllerState state) {
        CutoverSettings settings = state.settings();
        WorkAction action = r.action();
        if (action == WorkAction.DROP) {
            String legacyShadow = settings.legacyShadow().value();
            if (s.underlyingPhase() != Phase.DECOMMISSIONED || !r.job().equals(settings.legacyJob())
                    || !r.database().equals(legacyShadow)) {
                return Optional.of("a drop is only for a decommissioned stream's " + settings.legacyJob()
                        + " shadow partitions (" + legacyShadow + "); " + s.stream() + " is " + s.phase()
                        + " and this drop is " + r.job() + "'s of " + r.database());
            }
            return Optional.empty();
        }
        if (action == WorkAction.COMPARE) {
            return compareProblem((CompareReport) r, s, state);
        }
        String route = s.databaseFor(r.job(), r.hour(), settings);
        if (route == null) {
            return Optional.of("the routes give " + r.job() + " no database for " + s.stream() + " at "
                    + r.hour() + " (its secondary output has stopped): nothing should have been written there");
        }
        if (!r.database().equals(route)) {
            return Optional.of("database '" + r.database() + "' is not where " + r.job() + " writes "
                    + s.stream() + " for " + r.hour() + ": its route is " + route + " (GET /v1/routes?job=" + r.job()
                    + "&hour=" + r.hour() + "&stream=" + s.stream() + ")");
        }
        if (r instanceof CopyReport copy) {
            String production = settings.productionDatabase().value();
            String own = settings.shadowOf(r.job()).value();
            if (!copy.from().equals(production) && !copy.from().equals(own)) {
                return Optional.of("from '" + copy.from() + "' is no source of a copy by " + r.job()
                        + " into " + r.database() + ": copies read production (" + production + ") or " + r.job()
                        + "'s own shadow database (" + own + ")");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> compareProblem(CompareReport c, StreamState s, ControllerState state) {
        CutoverSettings settings = state.settings();
        Hour hour = c.hour();
        String left = s.databaseFor(settings.newJob(), hour, settings);
        String right = s.databaseFor(settings.legacyJob(), hour, settings);
        if (left == null || right == null) {
            return Optional.of("there is nothing to compare for " + s.stream() + " at " + hour + ": the"
                    + " secondary's output has stopped");
        }
        if (!left.equals(c.database()) || !right.equals(c.from())) {
            return Optional.of("a compare of " + hour + " is " + left + " (" + settings.newJob() + "'s)"
                    + " against " + right + " (" + settings.legacyJob() + "'s), not " + c.database() + " against "
                    + c.from());
        }
        HourObservation observed = state.observed(s.stream()).at(hour);
        List<String> missing = new ArrayList<>();
        for (String database : List.of(left, right)) {
            if (observed.in(database).isEmpty()) {
                missing.add(database);
            }
        }
        if (!missing.isEmpty()) {
            return Optional.of("a verdict counts only for an hour whose two commits the controller has"
                    + " recorded, and it has no commit of " + hour + " in " + String.join(" nor in ", missing)
                    + "; report the commits first, then compare (the compare appears on the work list)");
        }
        return Optional.empty();
    }

    /** A problem when {@code database} is neither production nor a job's shadow database. */
    private static Optional<String> planDatabase(String field, String database, CutoverSettings settings) {
        Set<String> known = new LinkedHashSet<>();
        known.add(settings.productionDatabase().value());
        settings.jobs().forEach(job -> known.add(settings.shadowOf(job).value()));
        return known.contains(database) ? Optional.empty() : Optional.of(field + " '" + database
                + "' is none of the plan's databases " + known);
    }
}
