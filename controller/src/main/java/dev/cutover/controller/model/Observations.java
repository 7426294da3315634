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
