package dev.cutover.controller.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.WorkItem;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.StreamConfig;
import dev.cutover.streamconfig.SwitchState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Drives the pure reconciler for one stream: config changes, worker reports, a fake clock. */
final class StreamScenario {

    static final ObjectMapper JSON = new ObjectMapper();
    static final CutoverSettings S = CutoverSettings.DEFAULTS;
    static final Hour H0 = Hour.parse("2026-11-22T00");

    final String stream;
    final ObservationBook store = new ObservationBook();
    MigrationPlan plan;
    Optional<StreamState> state = Optional.empty();
    Instant now = Instant.parse("2026-11-23T00:00:00Z");
    Gate gate = Gate.OPEN;
    boolean writable = true;
    Decision last;
    final List<String> audit = new ArrayList<>();
    private long seq;

    StreamScenario(String stream) {
        this.stream = stream;
        this.plan = MigrationPlan.defaults(List.of(stream)).withAutomation(true, 0, Duration.ofHours(2));
    }

    static Hour h(int n) {
        return H0.plusHours(n);
    }

    SwitchState flag(String value) {
        ObjectNode settings = JSON.createObjectNode();
        ObjectNode consumer = settings.putObject("consumers").putObject("analytics_hive_ingestion");
        consumer.put("enabled", true);
        if (value != null) {
            consumer.put("hive_database", value);
        }
        return SwitchState.read(stream, new StreamConfig(stream, settings), S);
    }

    SwitchState disabled() {
        ObjectNode settings = JSON.createObjectNode();
        settings.putObject("consumers").putObject("analytics_hive_ingestion").put("enabled", false);
        return SwitchState.read(stream, new StreamConfig(stream, settings), S);
    }

    Decision reconcile(SwitchState desired) {
        return reconcile(Optional.ofNullable(desired));
    }

    Decision reconcile(Optional<SwitchState> desired) {
        last = Reconciler.reconcile(new ReconcileInput(stream, desired, state, store.view(stream), plan, gate,
                writable, now));
        last.notes().forEach(n -> audit.add(n.who() + ": " + n.what()));
        if (last.next().isPresent()) {
            state = last.next();
        }
        return last;
    }

    /** The route the segments alone give (no holds): where {@code job} writes {@code hour} under the epoch. */
    static dev.cutover.protocol.Route segmentRoute(StreamState state, String job, Hour hour) {
        dev.cutover.protocol.Route route = dev.cutover.protocol.RouteTable.of(state.stream(), state.routing(),
                dev.cutover.protocol.Databases.of(S), List.of()).route(job, hour);
        return new dev.cutover.protocol.Route(route.database(), route.epoch(), null);
    }

    /** The routing history without the lease terms (when each segment was published and when it is writable). */
    static List<dev.cutover.protocol.Segment> routing(StreamState state) {
        return state.segments().stream().map(dev.cutover.protocol.Segment::withoutLeaseTerms).toList();
    }

    StreamState state() {
        return state.orElseThrow();
    }

    void report(WorkAction action, String job, String database, Hour hour, long epoch, Verdict verdict,
                String detailJson, String fingerprint) {
        store.apply(new ReportRecord(++seq, now, ObservationBook.ok(action, job, stream, hour, database, epoch,
                verdict, detailJson, fingerprint)));
    }

    void refine(String job, String database, Hour hour, long epoch) {
        report(WorkAction.REFINE, job, database, hour, epoch, null, null, "fp-1");
    }

    /** Both jobs commit the hour where the current routes say, under the current epoch. */
    void bothCommit(Hour hour) {
        for (String job : S.jobs()) {
            String db = state().databaseFor(job, hour, S);
            if (db != null) {
                refine(job, db, hour, state().epoch());
            }
        }
    }

    void verdict(Hour hour, Verdict verdict) {
        report(WorkAction.COMPARE, S.newJob(), null, hour, state().epoch(), verdict, null, null);
    }

    /** Hours [from, to] committed by both jobs and compared with the given verdict. */
    void canaryHours(int from, int to, Verdict verdict) {
        for (int i = from; i <= to; i++) {
            bothCommit(h(i));
            verdict(h(i), verdict);
        }
    }

    List<PlannedWork> work() {
        return WorkPlanner.plan(state(), store.view(stream), S);
    }

    List<WorkItem> workFor(String job) {
        return work().stream().filter(w -> w.job().equals(job)).map(PlannedWork::item).toList();
    }

    /** Performs every listed item of the non-compare kinds as a worker would, once. */
    void performWork() {
        for (PlannedWork w : work()) {
            WorkItem item = w.item();
            switch (item.action()) {
                case REFINE, COPY -> report(item.action(), w.job(), item.database(), item.hour(), item.epoch(),
                        null, null, "fp-1");
                case DROP -> report(WorkAction.DROP, w.job(), item.database(), item.hour(), item.epoch(), null, null,
                        null);
                case COMPARE -> report(WorkAction.COMPARE, w.job(), null, item.hour(), item.epoch(), Verdict.PASS,
                        null, null);
            }
        }
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }
}
