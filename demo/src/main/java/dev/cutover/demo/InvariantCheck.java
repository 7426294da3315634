package dev.cutover.demo;

import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Segment;
import dev.cutover.protocol.WorkAction;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.TableNames;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks DESIGN.md's I1-I3 on what is really in the warehouse (pure; the demo feeds it {@code inspect} output):
 * <ul>
 *   <li>I1: every production partition was last written by that hour's leader (per the controller's routes) under
 *   the epoch of the route segment covering the hour, or a later one;</li>
 *   <li>I2: every raw hour that was complete ({@code _IMPORTED}) has a production partition;</li>
 *   <li>I3: for every production partition, the hour's secondary has its output in its shadow database (so a
 *   rollback can copy instead of recompute, and the new job's production output was preserved); and every hour
 *   that a rollback restored was restored by a <b>copy</b>, not a recompute. A restored hour is one of a legacy
 *   segment that replaced a new-job segment (every legacy segment after the first: a rollback re-routes the hours
 *   from the cutover hour on) for which legacy's shadow database holds legacy's output from before the rollback
 *   (under an earlier epoch than the segment's, written while the new job led): production must be a copy of it.</li>
 * </ul>
 */
public final class InvariantCheck {

    /**
     * One production partition (or a missing one) and its verdicts.
     *
     * @param problems why an invariant is violated, one sentence each (empty when {@link #ok()})
     */
    public record Row(String stream, String hour, String datacenter, String writer, String epoch, String how,
                      String leader, long minEpoch, boolean i1, boolean i2, boolean i3, List<String> problems) {
        public Row {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return i1 && i2 && i3;
        }
    }

    /** A raw hour that was complete: stream, hour, datacenter (null for eventlogging_ layouts). */
    public record RawHour(String stream, Hour hour, String datacenter) {
    }

    private InvariantCheck() {
    }

    public static List<Row> check(Map<String, StreamState> states, Collection<Partition> partitions,
                                  Collection<RawHour> rawHours, CutoverSettings settings) {
        Map<String, List<Partition>> byDatabase = new LinkedHashMap<>();
        partitions.forEach(p -> byDatabase.computeIfAbsent(p.database(), d -> new ArrayList<>()).add(p));
        Map<String, Partition> production = index(byDatabase.get(settings.productionDatabase().value()));
        Map<String, StreamState> byTable = new TreeMap<>();
        states.values().forEach(s -> byTable.put(TableNames.forStream(s.stream()), s));
        Map<String, Row> rows = new TreeMap<>();
        for (Partition p : production.values()) {
            StreamState state = byTable.get(p.table());
            if (state == null) {
                continue;
            }
            Hour hour = Hour.parse(p.hour());
            Segment segment = state.segmentFor(hour);
            String secondary = settings.otherJob(segment.leader());
            String secondaryShadow = settings.shadowOf(secondary).value();
            List<String> problems = new ArrayList<>();
            boolean i1 = segment.leader().equals(p.job()) && p.epoch() != null && p.epoch() >= segment.epoch();
            if (!i1) {
                problems.add("I1: written by " + p.job() + " under epoch " + p.epoch() + "; the routes say "
                        + segment.leader() + " under epoch " + segment.epoch() + " or later");
            }
            boolean shadowKept = segment.secondaryStopped() || index(byDatabase.get(secondaryShadow))
                    .values().stream().anyMatch(s -> s.key().equals(p.key()) && secondary.equals(s.job()));
            if (!shadowKept) {
                problems.add("I3: the secondary " + secondary + " has no output of this hour in " + secondaryShadow);
            }
            boolean restoredByCopy = !restoredByRollback(state, segment, p, byDatabase, settings)
                    || WorkAction.COPY.wireName().equals(p.action());
            if (!restoredByCopy) {
                problems.add("I3: restored after the rollback by " + p.action() + " instead of a copy of "
                        + settings.legacyJob() + "'s shadow partition in " + settings.legacyShadow()
                        + " (a rollback must not recompute)");
            }
            rows.put(p.key(), new Row(state.stream(), p.hour(), p.datacenter(), p.job(), String.valueOf(p.epoch()),
                    p.action(), segment.leader(), segment.epoch(), i1, true, shadowKept && restoredByCopy, problems));
        }
        for (RawHour raw : rawHours) {
            StreamState state = states.get(raw.stream());
            if (state == null) {
                continue;
            }
            String key = TableNames.forStream(raw.stream()) + " " + raw.hour() + " "
                    + (raw.datacenter() == null ? "-" : raw.datacenter());
            if (!rows.containsKey(key)) {
                Segment segment = state.segmentFor(raw.hour());
                rows.put(key, new Row(raw.stream(), raw.hour().toString(), raw.datacenter(), "-", "-", "missing",
                        segment.leader(), segment.epoch(), false, false, false, List.of("I2: the raw hour is complete"
                        + " (_IMPORTED) but production has no partition for it")));
            }
        }
        return List.copyOf(rows.values());
    }

    /**
     * Whether {@code p}'s hour was restored by a rollback: it lies in a legacy segment after the first (one that
     * replaced a new-job segment from the cutover hour on), and legacy's shadow database holds legacy's output of
     * the hour under an earlier epoch than the segment's, i.e. written while the new job led, before the rollback.
     */
    private static boolean restoredByRollback(StreamState state, Segment segment, Partition p,
                                              Map<String, List<Partition>> byDatabase, CutoverSettings settings) {
        String legacy = settings.legacyJob();
        if (!segment.leader().equals(legacy) || state.segments().indexOf(segment) < 1) {
            return false;
        }
        Partition shadow = index(byDatabase.get(settings.legacyShadow().value())).get(p.key());
        return shadow != null && legacy.equals(shadow.job()) && shadow.epoch() != null
                && shadow.epoch() < segment.epoch();
    }

    private static Map<String, Partition> index(List<Partition> partitions) {
        Map<String, Partition> index = new TreeMap<>();
        if (partitions != null) {
            partitions.forEach(p -> index.put(p.key(), p));
        }
        return index;
    }

    public static boolean allOk(List<Row> rows) {
        return !rows.isEmpty() && rows.stream().allMatch(Row::ok);
    }

    /** Streams that have at least one checked partition. */
    public static Set<String> streams(List<Row> rows) {
        return new TreeSet<>(rows.stream().map(Row::stream).toList());
    }
}
