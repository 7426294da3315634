package dev.cutover.controller.core;

import dev.cutover.controller.model.ReportRecord;
import dev.cutover.protocol.CompareReport;
import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.Routing;
import dev.cutover.streamconfig.CutoverSettings;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.TreePMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Worker reports as the controller takes them in: which it accepts ({@link #problems}: the report type's own
 * validation plus what the controller requires, its routes included), how it numbers them ({@link #number}), and the last failure of
 * every (stream, job, action, hour) for the stream's problems ({@link #fold}).
 *
 * @param lastSeq  the newest report's sequence number
 * @param failures stream -> ("job action hour" -> its last report) of the attempts whose last report was not OK, at
 *                 most {@link #FAILURES_PER_STREAM} per stream
 */
public record ReportIntake(long lastSeq, PMap<String, PMap<String, Failure>> failures) {

    /** The last report of a failed attempt: its sequence number and {@code STATUS: error}. */
    public record Failure(long seq, String text) {
    }

    public static final ReportIntake EMPTY = new ReportIntake(0, HashTreePMap.empty());

    /** How many failed attempts are kept per stream (the latest). */
    public static final int FAILURES_PER_STREAM = 100;

    /**
     * Every problem of a batch, each prefixed with the report's position (and id); empty when all may be accepted.
     * A batch is accepted or refused as a whole. Each report is checked on its own (the type's validation), for a job
     * of the plan and a plausible hour: from {@link Routing#BEGINNING} up to the hour after the one containing
     * {@code receivedAt} (one hour of slack for a worker's clock); then, when those fields are sound, against the
     * routes and observations of {@code state} ({@link ReportConsistency}), which none of the batch has changed.
     */
    public static List<String> problems(List<? extends Report> reports, ControllerState state, Instant receivedAt) {
        List<String> problems = new ArrayList<>();
        if (reports.isEmpty()) {
            problems.add("no report in the batch: send one report object or a JSON array of reports");
        }
        CutoverSettings settings = state.settings();
        for (int i = 0; i < reports.size(); i++) {
            Report r = reports.get(i);
            String where = "report " + i + (r.id() == null ? "" : " (" + r.id() + ")") + ": ";
            List<String> own = new ArrayList<>(r.problems());
            if (r.job() != null && !r.job().isBlank() && !settings.jobs().contains(r.job())) {
                own.add("job '" + r.job() + "' is not one of " + settings.jobs());
            }
            Optional<String> hour = r.hour() == null ? Optional.empty() : hourProblem(r.hour(), receivedAt);
            hour.ifPresent(own::add);
            own.forEach(p -> problems.add(where + p));
            if (sound(r, settings) && hour.isEmpty()) {
                ReportConsistency.problems(r, state).forEach(p -> problems.add(where + p));
            }
        }
        return problems;
    }

    /** Whether the fields the routes are checked with are valid, so that checking them says something new. */
    private static boolean sound(Report r, CutoverSettings settings) {
        boolean from = !(r instanceof CopyReport c) || Report.databaseProblem("from", c.from(), true).isEmpty();
        boolean compareFrom = !(r instanceof CompareReport c)
                || Report.databaseProblem("from", c.from(), false).isEmpty();
        return r.stream() != null && !r.stream().isBlank() && r.hour() != null && r.status() != null
                && r.job() != null && settings.jobs().contains(r.job()) && r.epoch() >= 1
                && Report.databaseProblem("database", r.database(), true).isEmpty() && from && compareFrom;
    }

    private static Optional<String> hourProblem(Hour hour, Instant receivedAt) {
        if (hour.isBefore(Routing.BEGINNING)) {
            return Optional.of("hour " + hour + " is before " + Routing.BEGINNING + ", where routing"
                    + " begins; no worker refines such an hour: fix the hour the worker reports");
        }
        Hour latest = Hour.containing(receivedAt).next();
        if (hour.isAfter(latest)) {
            return Optional.of("hour " + hour + " has not begun: it was received at " + receivedAt
                    + ", so the latest plausible hour is " + latest + "; check the worker's clock and the hour it"
                    + " reports");
        }
        return Optional.empty();
    }

    /** Numbers a batch after everything received so far, stamped with when it was received. */
    public List<ReportRecord> number(List<? extends Report> reports, Instant receivedAt) {
        List<ReportRecord> records = new ArrayList<>();
        long seq = lastSeq;
        for (Report report : reports) {
            records.add(new ReportRecord(++seq, receivedAt, report));
        }
        return records;
    }

    /**
     * The intake with these (accepted, numbered) reports folded in. A stream keeps its latest
     * {@link #FAILURES_PER_STREAM} failures: a newer one pushes out the one with the oldest report.
     */
    public ReportIntake fold(List<ReportRecord> records) {
        long seq = lastSeq;
        PMap<String, PMap<String, Failure>> next = failures;
        for (ReportRecord record : records) {
            seq = Math.max(seq, record.seq());
            Report r = record.report();
            if (r.stream() == null) {
                continue;
            }
            String key = r.job() + " " + r.action().wireName() + " " + r.hour();
            PMap<String, Failure> ofStream = next.getOrDefault(r.stream(), TreePMap.empty());
            ofStream = r.ok() ? ofStream.minus(key)
                    : bounded(ofStream.plus(key, new Failure(record.seq(), r.status() + ": " + r.error())));
            next = ofStream.isEmpty() ? next.minus(r.stream()) : next.plus(r.stream(), ofStream);
        }
        return new ReportIntake(seq, next);
    }

    private static PMap<String, Failure> bounded(PMap<String, Failure> ofStream) {
        if (ofStream.size() <= FAILURES_PER_STREAM) {
            return ofStream;
        }
        String oldest = null;
        long oldestSeq = Long.MAX_VALUE;
        for (Map.Entry<String, Failure> e : ofStream.entrySet()) {
            if (e.getValue().seq() < oldestSeq) {
                oldest = e.getKey();
                oldestSeq = e.getValue().seq();
            }
        }
        return ofStream.minus(oldest);
    }

    /** The stream's failed attempts, for its problems: {@code worker: job action hour STATUS: error}. */
    public List<String> failuresOf(String stream) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Failure> e : failures.getOrDefault(stream, TreePMap.empty()).entrySet()) {
            lines.add("worker: " + e.getKey() + " " + e.getValue().text());
        }
        return lines;
    }
}
