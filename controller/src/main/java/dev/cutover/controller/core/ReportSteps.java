package dev.cutover.controller.core;

import dev.cutover.controller.model.Commit;
import dev.cutover.controller.model.Observations;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.api.Responses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Worker reports: received over HTTP (validated, numbered, stored) or consumed from the reports topic. */
final class ReportSteps {

    private ReportSteps() {
    }

    static Step received(ControllerState state, Event.ReportsReceived e) {
        Optional<String> refusal = state.leadership().refusal("reports");
        if (refusal.isPresent()) {
            return Step.stay(state, new Effect.Refuse(e.reply(), new DomainError.Unavailable(refusal.get())));
        }
        List<String> problems = ReportIntake.problems(e.reports(), state, e.at());
        if (!problems.isEmpty()) {
            return Step.stay(state, new Effect.Refuse(e.reply(), DomainError.BadRequest.of(problems)));
        }
        List<ReportRecord> records = state.reports().number(e.reports(), e.at());
        List<Effect.LandingLag> lags = new ArrayList<>();
        ControllerState next = apply(state, records, lags);
        List<Effect> effects = new ArrayList<>(List.of(
                new Effect.Append(new RouteLog.Batch(List.of(), List.of(), records)),
                new Effect.Publish(),
                new Effect.Respond(e.reply(), new Responses.ReportsAccepted(records.size())),
                new Effect.CountApplied(e.reports())));
        if (!lags.isEmpty()) {
            effects.add(new Effect.ObserveLandingLags(lags));
        }
        effects.add(new Effect.Schedule(streams(records), Trigger.REPORT));
        return new Step(next, effects);
    }

    /**
     * Reports stored and numbered by the reports topic. One a worker got wrong is skipped with a warning: one bad
     * worker never stops the controller. Each was posted on its own, so each is checked against the observations
     * with the good records before it folded in (a compare after its commits counts). A standby folds them in too
     * (its work lists stay current).
     */
    static Step consumed(ControllerState state, Event.ReportsConsumed e) {
        List<Effect> effects = Step.collecting();
        List<ReportRecord> good = new ArrayList<>();
        ControllerState checking = state;
        for (ReportRecord record : e.records()) {
            List<String> problems = ReportIntake.problems(List.of(record.report()), checking, record.receivedAt());
            if (problems.isEmpty()) {
                good.add(record);
                checking = checking.withObservations(checking.observations().apply(record));
            } else {
                effects.add(Effect.warn("report " + record.seq() + " skipped: " + String.join("; ", problems)));
            }
        }
        List<Effect.LandingLag> lags = new ArrayList<>();
        ControllerState next = apply(state, good, lags);
        long lastSeq = e.records().stream().mapToLong(ReportRecord::seq).max().orElse(0);
        next = next.withReports(new ReportIntake(Math.max(next.reports().lastSeq(), lastSeq),
                next.reports().failures()));
        effects.add(new Effect.Publish());
        if (next.leadership().active() && !good.isEmpty()) {
            effects.add(new Effect.CountApplied(good.stream().map(ReportRecord::report).toList()));
            if (!lags.isEmpty()) {
                effects.add(new Effect.ObserveLandingLags(lags));
            }
            effects.add(new Effect.Schedule(streams(good), Trigger.REPORT));
        }
        return new Step(next, effects);
    }

    static Step restoredCounted(ControllerState state, Event.RestoredReportsCounted e) {
        if (!state.leadership().active() || e.records().isEmpty()) {
            return Step.stay(state);
        }
        return Step.stay(state, new Effect.CountApplied(e.records().stream().map(ReportRecord::report).toList()));
    }

    /** The state with the records folded in; each new landing's lag is added to {@code lags}. */
    private static ControllerState apply(ControllerState state, List<ReportRecord> records,
                                         List<Effect.LandingLag> lags) {
        Observations observations = state.observations();
        for (ReportRecord record : records) {
            landingLag(observations, record).ifPresent(lags::add);
            observations = observations.apply(record);
        }
        Set<String> streams = streams(records);
        Map<String, Set<Hour>> hours = new HashMap<>();
        for (ReportRecord record : records) {
            Report r = record.report();
            if (r.stream() != null && r.hour() != null) {
                hours.computeIfAbsent(r.stream(), s -> new HashSet<>()).add(r.hour());
            }
        }
        // the hours are all that changed only for an entry derived from the observations these records fold into
        hours.keySet().removeIf(s -> state.streams().get(s) == null
                || state.streams().get(s).plans().observed() != state.observations().streams().get(s));
        ControllerState next = state.withObservations(observations).withReports(state.reports().fold(records))
                .refreshed(streams, hours);
        GateIndex.advance(state, next, streams);
        WorkIndex.advance(state, next, streams);
        WaitingIndex.advance(state, next, streams);
        return next;
    }

    /**
     * The lag of the landing {@code record} makes, when it is an OK refine that lands its job's first commit of the
     * hour in its database (not a rerun of the same job's, not a copy: a rollback's restore is no measure of keeping
     * up): from the hour's end to when the controller received it, zero when before.
     */
    static Optional<Effect.LandingLag> landingLag(Observations observations, ReportRecord record) {
        Report r = record.report();
        if (!r.ok() || r.action() != WorkAction.REFINE || r.stream() == null || r.hour() == null
                || record.receivedAt() == null) {
            return Optional.empty();
        }
        Optional<Commit> replaced = observations.of(r.stream()).at(r.hour()).in(r.database());
        if (replaced.isPresent() && replaced.get().job().equals(r.job())) {
            return Optional.empty();
        }
        Duration lag = Duration.between(r.hour().endInstant(), record.landing());
        return Optional.of(new Effect.LandingLag(r.job(), lag.isNegative() ? Duration.ZERO : lag));
    }

    private static Set<String> streams(List<ReportRecord> records) {
        Set<String> streams = new LinkedHashSet<>();
        records.forEach(r -> streams.add(r.report().stream()));
        return streams;
    }

    static List<Report> reports(List<ReportRecord> records) {
        return records.stream().map(ReportRecord::report).toList();
    }
}
