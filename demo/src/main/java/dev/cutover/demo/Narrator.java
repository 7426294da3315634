package dev.cutover.demo;

import dev.cutover.controller.cli.Table;
import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.http.Views;
import dev.cutover.controller.model.Commit;
import dev.cutover.controller.model.HourObservation;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.api.Responses;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the demo prints, all read from the controller's published state: step titles with the elapsed time, new
 * audit events, each stream's phase and verdicts, and what the workers committed (from the controller's
 * observations of their reports, never from their console output).
 */
final class Narrator {

    private final PrintStream out;
    private final List<String> streams;
    private final long started = System.nanoTime();
    private long lastEvent;
    private long lastCommit;

    Narrator(PrintStream out, List<String> streams) {
        this.out = out;
        this.streams = streams;
    }

    PrintStream out() {
        return out;
    }

    void step(String title) {
        out.printf("%n[%3ds] %s%n", elapsed().toSeconds(), title);
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * The audit events since the last call (but the routine "managed:" ones): who, which stream (none for an event
     * of the whole controller, such as an override-layer revision), what, why.
     */
    void events(ControllerState state) {
        for (AuditEvent e : state.audit().since(lastEvent, Integer.MAX_VALUE)) {
            lastEvent = e.seq();
            if (e.what().startsWith("managed:")) {
                continue;
            }
            out.println("    [" + e.who() + "] " + e.subject().map(stream -> stream + ": ").orElse("") + e.what());
            if (e.why() != null && !e.why().isBlank()) {
                out.println("        why: " + e.why());
            }
        }
    }

    /** One row per demo stream: phase, leader, epoch, cutover hour, the last verdicts. */
    void status(ControllerState state) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STREAM", "PHASE", "LEADER", "EPOCH", "CUTOVER", "VERDICTS (hour:verdict)"});
        java.util.Set<String> rules = new java.util.LinkedHashSet<>();
        for (String stream : streams) {
            StreamState s = state.state(stream).orElse(null);
            if (s == null) {
                continue;
            }
            List<String> verdicts = new ArrayList<>();
            for (Responses.VerdictView v : Views.verdicts(state, stream, 8)) {
                boolean underRules = v.verdict().equals("PASS_UNDER_RULES");
                verdicts.add(String.format("%02d:%s", v.hour().hourOfDay(), underRules ? "PASS*" : v.verdict()));
                if (underRules) {
                    rules.addAll(v.applied());
                }
            }
            rows.add(new String[] {stream, s.phase().name(), s.currentLeader(), String.valueOf(s.epoch()),
                    s.cutover().map(Hour::toString).orElse("-"), String.join(" ", verdicts)});
        }
        table(rows);
        if (!rules.isEmpty()) {
            out.println("    PASS* = PASS under the plan's comparison rules " + rules + " (GET /v1/streams/STREAM shows"
                    + " what they hid)");
        }
    }

    /**
     * What the workers committed since the last call, as the controller recorded their reports: how many refines,
     * and each copy in the order committed (a rollback preserving the new job's output in its shadow database, then
     * restoring production from legacy's).
     * Then any attempt whose last report failed.
     */
    void commits(ControllerState state) {
        int refines = 0;
        long newest = lastCommit;
        Map<Long, String> copies = new TreeMap<>();
        for (String stream : streams) {
            for (Map.Entry<Hour, HourObservation> hour : state.observed(stream).hours().entrySet()) {
                for (Commit c : hour.getValue().byDatabase().values()) {
                    if (c.seq() <= lastCommit) {
                        continue;
                    }
                    newest = Math.max(newest, c.seq());
                    if (c.action() == WorkAction.REFINE) {
                        refines++;
                    } else if (c.action() == WorkAction.COPY) {
                        copies.put(c.seq(), "      copy: " + stream + " " + hour.getKey() + " into "
                                + c.database() + " (" + c.job() + "'s output, epoch " + c.epoch() + ")");
                    }
                }
            }
        }
        lastCommit = newest;
        out.println("      worker: " + refines + " refine(s) committed (both jobs)");
        copies.values().forEach(out::println);
        failures(state);
    }

    /** The attempts whose last report was not OK, per demo stream. */
    void failures(ControllerState state) {
        for (String stream : streams) {
            for (String failure : state.reports().failuresOf(stream)) {
                out.println("      ! " + stream + ": " + failure);
            }
        }
    }

    /** A table indented under the current step. */
    void table(List<String[]> rows) {
        out.print(indent(Table.render(rows)));
    }

    private static String indent(String text) {
        return text.lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("") + "\n";
    }
}
