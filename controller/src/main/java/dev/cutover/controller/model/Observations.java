package dev.cutover.controller.model;

import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * What is in which database, for every stream, folded from worker reports in sequence order (persistent: folding
 * a report shares everything but the stream and hour it touches). {@link #lastSeq} is the newest report's number.
 */
public record Observations(PMap<String, StreamObservations> streams, long lastSeq) {

    public static final Observations EMPTY = new Observations(HashTreePMap.empty(), 0);

    public StreamObservations of(String stream) {
        StreamObservations observed = streams.get(stream);
        return observed != null ? observed : StreamObservations.none(stream);
    }

    /** {@link #EMPTY} with every record applied in order, as {@link #apply} one by one gives it (a restore). */
    public static Observations fold(java.util.List<ReportRecord> records) {
        java.util.Map<String, java.util.List<ReportRecord>> byStream = new java.util.HashMap<>();
        long seq = 0;
        for (ReportRecord record : records) {
            seq = Math.max(seq, record.seq());
            String stream = record.report().stream();
            if (stream != null) {
                byStream.computeIfAbsent(stream, s -> new java.util.ArrayList<>()).add(record);
            }
        }
        java.util.Map<String, StreamObservations> streams = new java.util.HashMap<>();
        byStream.forEach((stream, list) -> {
            StreamObservations folded = StreamObservations.fold(stream, list);
            if (!folded.byHour().isEmpty()) {
                streams.put(stream, folded);
            }
        });
        return new Observations(HashTreePMap.from(streams), seq);
    }

    public Observations apply(ReportRecord record) {
        String stream = record.report().stream();
        long seq = Math.max(lastSeq, record.seq());
        if (stream == null) {
            return new Observations(streams, seq);
        }
        StreamObservations before = of(stream);
        StreamObservations after = before.apply(record);
        return new Observations(after == before ? streams : streams.plus(stream, after), seq);
    }
}
