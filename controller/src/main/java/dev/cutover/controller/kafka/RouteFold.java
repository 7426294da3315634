package dev.cutover.controller.kafka;

import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLogException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The routes topic read from its start: the latest state per stream (a tombstone removes it) and the highest epoch
 * each stream ever had, tombstoned ones included. A record whose epoch is below an earlier one of its stream stops
 * the restore: epochs are never reused (the same rule as the journal).
 */
final class RouteFold {

    private final Map<String, StreamState> routes = new LinkedHashMap<>();
    private final Map<String, Long> highest = new TreeMap<>();

    /**
     * @throws RouteLogException naming topic, partition and offset when the record cannot be read or lowers an epoch
     */
    void apply(ConsumerRecord<String, byte[]> record) {
        Optional<StreamState> stream = KafkaRouteLog.route(record);
        if (stream.isEmpty()) {
            routes.remove(record.key());
            return;
        }
        StreamState state = stream.get();
        Long before = highest.get(state.stream());
        if (before != null && state.epoch() < before) {
            throw KafkaRouteLog.corrupt(record, "route", "the epoch of stream " + state.stream() + " goes back from "
                    + before + " to " + state.epoch() + " (epochs are never reused)");
        }
        routes.put(record.key(), state);
        highest.merge(state.stream(), state.epoch(), Math::max);
    }

    Map<String, StreamState> routes() {
        return routes;
    }

    Map<String, Long> epochs() {
        return highest;
    }
}
