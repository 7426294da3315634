package dev.cutover.controller.demo;

import dev.cutover.controller.model.RouteSegment;
import dev.cutover.controller.model.StreamState;
import dev.cutover.model.Hour;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.TableNames;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks DESIGN.md's I1-I3 on what is really in the warehouse (pure; the demo feeds it {@code inspect} output):
 * <ul>
 *   <li>I1: every production partition was last written by that hour's leader (per the controller's routes) under
 *   the epoch of the route segment covering the hour, or a later one;</li>
 *   <li>I2: every raw hour that was complete ({@code _IMPORTED}) has a production partition;</li>
 *   <li>I3: for every production partition, the hour's secondary has its output in its shadow database (so a
 *   rollback can copy instead of recompute, and the new job's production output was preserved).</li>
 * </ul>
 */
public final class InvariantCheck {

    /** One production partition (or a missing one) and its verdicts. */
    public record Row(String stream, String hour, String datacenter, String writer, String epoch, String how,
                      String leader, long minEpoch, boolean i1, boolean i2, boolean i3) {
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
            RouteSegment segment = state.segmentFor(Hour.parse(p.hour()));
            String secondary = settings.otherJob(segment.leader());
            boolean i1 = segment.leader().equals(p.job()) && p.epoch() != null && p.epoch() >= segment.epoch();
            boolean i3 = segment.secondaryStopped() || index(byDatabase.get(settings.shadowOf(secondary).value()))
                    .values().stream().anyMatch(s -> s.key().equals(p.key()) && secondary.equals(s.job()));
            rows.put(p.key(), new Row(state.stream(), p.hour(), p.datacenter(), p.job(), String.valueOf(p.epoch()),
                    p.action(), segment.leader(), segment.epoch(), i1, true, i3));
        }
        for (RawHour raw : rawHours) {
            StreamState state = states.get(raw.stream());
            if (state == null) {
                continue;
            }
            String key = TableNames.forStream(raw.stream()) + " " + raw.hour() + " "
                    + (raw.datacenter() == null ? "-" : raw.datacenter());
            if (!rows.containsKey(key)) {
                RouteSegment segment = state.segmentFor(raw.hour());
                rows.put(key, new Row(raw.stream(), raw.hour().toString(), raw.datacenter(), "-", "-", "missing",
                        segment.leader(), segment.epoch(), false, false, false));
            }
        }
        return List.copyOf(rows.values());
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
        return new java.util.TreeSet<>(rows.stream().map(Row::stream).toList());
    }
}
