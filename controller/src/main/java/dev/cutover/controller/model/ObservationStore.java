package dev.cutover.controller.model;

import dev.cutover.protocol.Hour;
import dev.cutover.model.WorkReport;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What is in which database, folded from worker reports in sequence order. Only OK reports change it:
 * a refine or copy puts a commit, a drop removes one, a compare records the verdict. Not thread-safe; the
 * controller owns one and hands out immutable {@link StreamObservations} views.
 */
public final class ObservationStore {

    private final Map<String, TreeMap<Hour, Slot>> streams = new HashMap<>();
    private long lastSeq;

    private static final class Slot {
        final Map<String, Commit> byDatabase = new LinkedHashMap<>();
        VerdictRecord verdict;
    }

    /** Applies one report; returns whether it changed anything. */
    public boolean apply(ReportRecord record) {
        WorkReport r = record.report();
        lastSeq = Math.max(lastSeq, record.seq());
        if (!r.ok() || r.stream() == null || r.hour() == null || r.action() == null) {
            return false;
        }
        Slot slot = streams.computeIfAbsent(r.stream(), s -> new TreeMap<>()).computeIfAbsent(r.hour(), h -> new Slot());
        switch (r.action()) {
            case REFINE, COPY -> {
                if (r.database() == null || r.job() == null) {
                    return false;
                }
                slot.byDatabase.put(r.database(), new Commit(r.job(), r.database(), r.epoch(), r.action(), r.rows(),
                        r.schemaFingerprint(), record.seq()));
            }
            case DROP -> {
                return slot.byDatabase.remove(r.database()) != null;
            }
            case COMPARE -> {
                if (r.verdict() == null) {
                    return false;
                }
                slot.verdict = new VerdictRecord(r.verdict(), r.detail(), r.epoch(), record.seq());
            }
        }
        return true;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public StreamObservations view(String stream) {
        TreeMap<Hour, HourObservation> hours = new TreeMap<>();
        streams.getOrDefault(stream, new TreeMap<>()).forEach((hour, slot) -> hours.put(hour,
                new HourObservation(slot.byDatabase, Optional.ofNullable(slot.verdict))));
        return new StreamObservations(stream, hours);
    }
}
