package dev.cutover.controller.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plan's {@code compare_rules}: defaults for every stream and each listed stream's own rules, which extend them
 * ({@link StreamRules#extendedBy}). Each stream's effective rules are merged once, here.
 */
public final class ComparisonRules {

    public static final ComparisonRules NONE = new ComparisonRules(StreamRules.NONE, Map.of());

    private final StreamRules defaults;
    private final Map<String, StreamRules> streams;
    private final Map<String, StreamRules> effective;

    public ComparisonRules(StreamRules defaults, Map<String, StreamRules> streams) {
        this.defaults = defaults;
        this.streams = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(streams));
        Map<String, StreamRules> merged = new LinkedHashMap<>();
        this.streams.forEach((stream, own) -> merged.put(stream, defaults.extendedBy(own)));
        this.effective = java.util.Collections.unmodifiableMap(merged);
    }

    public StreamRules defaults() {
        return defaults;
    }

    /** Each listed stream's own rules, as the plan gives them. */
    public Map<String, StreamRules> streams() {
        return streams;
    }

    /** The rules a stream's verdicts are judged under (the same instance on every call). */
    public StreamRules forStream(String stream) {
        return effective.getOrDefault(stream, defaults);
    }

    public boolean isEmpty() {
        return defaults.isEmpty() && streams.values().stream().allMatch(StreamRules::isEmpty);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComparisonRules other && other.defaults.equals(defaults) && other.streams.equals(streams);
    }

    @Override
    public int hashCode() {
        return defaults.hashCode() * 31 + streams.hashCode();
    }

    @Override
    public String toString() {
        return "ComparisonRules[defaults=" + defaults + ", streams=" + streams + "]";
    }
}
