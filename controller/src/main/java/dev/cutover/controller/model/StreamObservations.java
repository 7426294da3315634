package dev.cutover.controller.model;

import dev.cutover.protocol.Hour;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** Everything the reports say about one stream, by hour (an immutable view). */
public record StreamObservations(String stream, NavigableMap<Hour, HourObservation> hours) {

    public StreamObservations {
        hours = Collections.unmodifiableNavigableMap(new TreeMap<>(hours));
    }

    public static StreamObservations none(String stream) {
        return new StreamObservations(stream, new TreeMap<>());
    }

    public HourObservation at(Hour hour) {
        return hours.getOrDefault(hour, HourObservation.EMPTY);
    }

    /** The newest hour with a commit in {@code database}. */
    public Optional<Hour> lastCommittedIn(String database) {
        for (Map.Entry<Hour, HourObservation> entry : hours.descendingMap().entrySet()) {
            if (entry.getValue().in(database).isPresent()) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }

    public Optional<Hour> firstObserved() {
        return hours.isEmpty() ? Optional.empty() : Optional.of(hours.firstKey());
    }
}
