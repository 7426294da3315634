package dev.cutover.controller.core;

import dev.cutover.controller.model.Observations;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.api.Responses;

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
        ControllerState next = apply(state, records);
        return new Step(next, List.of(
                new Effect.Append(new RouteLog.Batch(List.of(), List.of(), records)),
                new Effect.Publish(),
                new Effect.Respond(e.reply(), new Responses.ReportsAccepted(records.size())),
                new Effect.CountApplied(e.reports()),
                new Effect.Schedule(streams(records), Trigger.REPORT)));
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
        ControllerState next = apply(state, good);
        long lastSeq = e.records().stream().mapToLong(ReportRecord::seq).max().orElse(0);
        next = next.withReports(new ReportIntake(Math.max(next.reports().lastSeq(), lastSeq),
                next.reports().failures()));
        effects.add(new Effect.Publish());
        if (next.leadership().active() && !good.isEmpty()) {
            effects.add(new Effect.CountApplied(good.stream().map(ReportRecord::report).toList()));
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

    private static ControllerState apply(ControllerState state, List<ReportRecord> records) {
        Observations observations = state.observations();
        for (ReportRecord record : records) {
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
        return next;
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
