package dev.cutover.controller.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.streamconfig.Durations;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether the new job keeps up ({@code canary.timeliness} of a migration plan): each part is off when absent.
 *
 * <pre>
 * canary:
 *   timeliness:
 *     margin: 30m          # the new job's landing &lt;= the legacy job's landing + margin
 *     slo: 3h              # the new job's landing &lt;= the hour's end + slo (held against it only when legacy met it)
 *     duration_ratio: 1.5  # sum(new refine duration_ms) / sum(legacy refine duration_ms) over window_hours &lt;= this
 *     window_hours: 24     # for the ratio; default canary.window_hours
 * </pre>
 *
 * @param margin        how much later than the legacy job's the new job's commit of an hour may land
 * @param slo           how long after an hour ends the new job's commit of it must have landed
 * @param durationRatio the largest allowed ratio of the new job's refine time to the legacy job's
 * @param windowHours   the hours the ratio is taken over
 */
public record TimelinessPolicy(Optional<Duration> margin, Optional<Duration> slo, Optional<Double> durationRatio,
                               int windowHours) {

    static final Set<String> KEYS = Set.of("margin", "slo", "duration_ratio", "window_hours");

    public TimelinessPolicy {
        if (windowHours < 1) {
            throw new IllegalArgumentException("window_hours must be at least 1 (got " + windowHours + ")");
        }
    }

    /** No timeliness checks; {@code windowHours} is the canary window. */
    public static TimelinessPolicy off(int windowHours) {
        return new TimelinessPolicy(Optional.empty(), Optional.empty(), Optional.empty(), windowHours);
    }

    /** Whether an hour can be LATE under this policy (a margin or an SLO is set). */
    public boolean judgesLandings() {
        return margin.isPresent() || slo.isPresent();
    }

    /** Whether anything is checked. */
    public boolean enabled() {
        return judgesLandings() || durationRatio.isPresent();
    }

    /**
     * {@code canary.timeliness} from a plan: off when the node is absent; each problem is added to {@code problems}
     * naming its key (the policy then leaves that part off).
     */
    static TimelinessPolicy parse(JsonNode node, String key, int defaultWindowHours, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return off(defaultWindowHours);
        }
        if (!node.isObject()) {
            problems.add(key + ": expected a mapping such as {margin: 30m, slo: 3h, duration_ratio: 1.5,"
                    + " window_hours: 24} (got " + node + ")");
            return off(defaultWindowHours);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KEYS.contains(name)) {
                problems.add("unknown key '" + key + "." + name + "' (known: " + new TreeSet<>(KEYS) + ")");
            }
        }
        Optional<Duration> margin = duration(node.path("margin"), key + ".margin", false, problems);
        Optional<Duration> slo = duration(node.path("slo"), key + ".slo", true, problems);
        Optional<Double> ratio = Optional.empty();
        JsonNode r = node.path("duration_ratio");
        if (!r.isMissingNode() && !r.isNull()) {
            if (!r.isNumber() || !(r.asDouble() > 0) || Double.isInfinite(r.asDouble())) {
                problems.add(key + ".duration_ratio must be a positive number, e.g. 1.5 (got " + r + ")");
            } else {
                ratio = Optional.of(r.asDouble());
            }
        }
        int window = defaultWindowHours;
        JsonNode w = node.path("window_hours");
        if (!w.isMissingNode() && !w.isNull()) {
            if (!w.isIntegralNumber() || !w.canConvertToInt() || w.asInt() < 1) {
                problems.add(key + ".window_hours must be a positive whole number (got " + w + ")");
            } else {
                window = w.asInt();
            }
        }
        return new TimelinessPolicy(margin, slo, ratio, window);
    }

    private static Optional<Duration> duration(JsonNode node, String key, boolean positive, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problems.add(key + " must be a duration such as 30m or 3h (got " + node + ")");
            return Optional.empty();
        }
        try {
            Duration d = Durations.parse(node.asText());
            if (d.isNegative() || (positive && d.isZero())) {
                problems.add(key + " must be " + (positive ? "longer than zero" : "zero or more") + " (got "
                        + node.asText() + ")");
                return Optional.empty();
            }
            return Optional.of(d);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
