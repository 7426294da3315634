package dev.cutover.controller.model;

import dev.cutover.protocol.CompareReport;
import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.DropReport;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Everything the reports say about one stream, by hour: the commit per database and the last verdict. Immutable
 * and persistent: {@link #apply} returns a new value sharing the untouched hours. Only OK reports change it: a
 * refine or copy puts a commit (landed when the controller received the job's first commit of the hour in that
 * database: {@link #landing}), a drop removes one, a compare records the verdict.
 */
public record StreamObservations(String stream, PSortedMap<Hour, HourObservation> byHour) {

    public static StreamObservations none(String stream) {
        return new StreamObservations(stream, TreePMap.empty());
    }

    /** The hours, oldest first (a read-only navigable view). */
    public NavigableMap<Hour, HourObservation> hours() {
        return byHour;
    }

    public HourObservation at(Hour hour) {
        return byHour.getOrDefault(hour, HourObservation.EMPTY);
    }

    /** The newest hour with a commit in {@code database}. */
    public Optional<Hour> lastCommittedIn(String database) {
        for (Map.Entry<Hour, HourObservation> entry : byHour.descendingMap().entrySet()) {
            if (entry.getValue().in(database).isPresent()) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }

    public Optional<Hour> firstObserved() {
        return byHour.isEmpty() ? Optional.empty() : Optional.of(byHour.firstKey());
    }

    /** These observations with one more report folded in (unchanged when it is not OK). */
    public StreamObservations apply(ReportRecord record) {
        Report r = record.report();
        if (!r.ok() || r.hour() == null) {
            return this;
        }
        HourObservation before = at(r.hour());
        HourObservation after = next(before, record);
        if (after == before) {
            return this;
        }
        return new StreamObservations(stream, after.byDatabase().isEmpty() && after.verdict().isEmpty()
                ? byHour.minus(r.hour()) : byHour.plus(r.hour(), after));
    }

    /**
     * The observations of one stream folded from its OK reports in order, as {@link #apply} one by one gives them,
     * built in a mutable map first (a restore folds a million reports).
     */
    public static StreamObservations fold(String stream, Iterable<ReportRecord> records) {
        java.util.TreeMap<Hour, HourObservation> hours = new java.util.TreeMap<>();
        for (ReportRecord record : records) {
            Report r = record.report();
            if (!r.ok() || r.hour() == null) {
                continue;
            }
            HourObservation before = hours.getOrDefault(r.hour(), HourObservation.EMPTY);
            HourObservation after = next(before, record);
            if (after == before) {
                continue;
            }
            if (after.byDatabase().isEmpty() && after.verdict().isEmpty()) {
                hours.remove(r.hour());
            } else {
                hours.put(r.hour(), after);
            }
        }
        return new StreamObservations(stream, TreePMap.from(hours));
    }

    /** The hour's observation after an OK report ({@code before} itself when the report changes nothing). */
    private static HourObservation next(HourObservation before, ReportRecord record) {
        Report r = record.report();
        Map<String, Commit> commits = new HashMap<>(before.byDatabase());
        Optional<VerdictRecord> verdict = before.verdict();
        if (r instanceof RefineReport refine) {
            commits.put(r.database(), new Commit(r.job(), r.database(), r.epoch(), r.action(), refine.rows(),
                    refine.schemaFingerprint(), record.seq(), landing(commits.get(r.database()), record),
                    refine.durationMs()));
        } else if (r instanceof CopyReport copy) {
            commits.put(r.database(), new Commit(r.job(), r.database(), r.epoch(), r.action(), copy.rows(),
                    copy.schemaFingerprint(), record.seq(), landing(commits.get(r.database()), record), null));
        } else if (r instanceof DropReport) {
            if (commits.remove(r.database()) == null) {
                return before;
            }
        } else if (r instanceof CompareReport compare) {
            if (compare.verdict() == null) {
                return before;
            }
            verdict = Optional.of(new VerdictRecord(compare.verdict(), compare.detail(), r.epoch(), record.seq()));
        }
        return new HourObservation(commits, verdict);
    }

    /**
     * When the commit an OK refine or copy makes landed: the landing of the commit it replaces when that was the
     * same job's (a rerun keeps the first landing), else this report's ({@link ReportRecord#landing()}).
     */
    public static Instant landing(Commit replaced, ReportRecord record) {
        if (replaced != null && replaced.job().equals(record.report().job()) && replaced.landedAt() != null) {
            return replaced.landedAt();
        }
        return record.landing();
    }
}
