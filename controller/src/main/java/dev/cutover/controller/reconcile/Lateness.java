package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.Commit;
import dev.cutover.controller.model.HourObservation;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.TimelinessPolicy;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.CutoverSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Whether the new job keeps up with the legacy job: a LATE hour ({@link #late}) and refines that are too slow
 * ({@link #tooSlow}). Pure and static: everything comes from the observations, whose landing times are the
 * controller's receipt times of the reports ({@link Commit#landedAt()}, one clock, never a worker's), and the plan's
 * {@link TimelinessPolicy}.
 *
 * <p><b>An hour is LATE</b> when the new job's commit of it has landed in the database its route gives and
 * <ul>
 *   <li>{@code margin}: the legacy job's commit of it has landed too, and the new job's landed more than
 *       {@code margin} after it; or</li>
 *   <li>{@code slo}: the new job's landed more than {@code slo} after the hour ended, while the legacy job's landed
 *       within the SLO. An hour that both jobs land after the SLO (a backfill, an upstream outage, raw input that
 *       arrived late) is not held against the new job; neither is one the legacy job does not write at all.</li>
 * </ul>
 * An hour is not judged before the new job's commit has landed (it is missing, not late), and the judgement does
 * not change afterwards: a rerun keeps the first landing, and a legacy landing that comes later only puts the new
 * job ahead (and, being after the new job's landing, after the SLO too).
 */
public final class Lateness {

    private Lateness() {
    }

    /** One hour's refine times of both jobs (the {@code duration_ms} of the refines that made their commits). */
    public record HourDurations(Hour hour, long newMs, long legacyMs) {
    }

    /**
     * Why {@code hour} is LATE, e.g. {@code "airflow landed 2026-11-22T08:41:00Z, 41 min after legacy (margin
     * 30m)"}, or empty when it is not (or not yet judged).
     *
     * @param observed       the hour's observation
     * @param newDatabase    where the new job writes the hour ({@link StreamState#databaseFor}); null: nowhere
     * @param legacyDatabase where the legacy job writes the hour; null: nowhere
     */
    public static Optional<String> late(Hour hour, HourObservation observed, String newDatabase,
                                        String legacyDatabase, CutoverSettings settings, TimelinessPolicy policy) {
        if (!policy.judgesLandings()) {
            return Optional.empty();
        }
        Optional<Instant> landed = observed.landing(settings.newJob(), newDatabase);
        if (landed.isEmpty()) {
            return Optional.empty();
        }
        Instant newLanding = landed.get();
        Optional<Instant> legacyLanding = observed.landing(settings.legacyJob(), legacyDatabase);
        List<String> why = new ArrayList<>();
        if (policy.margin().isPresent() && legacyLanding.isPresent()) {
            Duration behind = Duration.between(legacyLanding.get(), newLanding);
            if (behind.compareTo(policy.margin().get()) > 0) {
                why.add(human(behind) + " after " + settings.legacyJob() + " (margin " + compact(policy.margin().get())
                        + ")");
            }
        }
        if (policy.slo().isPresent()) {
            Instant deadline = hour.endInstant().plus(policy.slo().get());
            boolean legacyMet = legacyLanding.isPresent() && !legacyLanding.get().isAfter(deadline);
            if (newLanding.isAfter(deadline) && legacyMet) {
                why.add(human(Duration.between(hour.endInstant(), newLanding)) + " after the hour ended (slo "
                        + compact(policy.slo().get()) + ", which " + settings.legacyJob() + " met at "
                        + legacyLanding.get() + ")");
            }
        }
        return why.isEmpty() ? Optional.empty()
                : Optional.of(settings.newJob() + " landed " + newLanding + ", " + String.join(" and ", why));
    }

    /**
     * {@link #late(Hour, HourObservation, String, String, CutoverSettings, TimelinessPolicy)} with the databases the
     * stream's routes give each job for the hour.
     */
    public static Optional<String> late(StreamState state, StreamObservations observed, Hour hour,
                                        CutoverSettings settings, TimelinessPolicy policy) {
        return late(hour, observed.at(hour), state.databaseFor(settings.newJob(), hour, settings),
                state.databaseFor(settings.legacyJob(), hour, settings), settings, policy);
    }

    /** Every LATE observed hour from {@code since} on, oldest first, with its reason. */
    public static NavigableMap<Hour, String> lateHours(StreamState state, StreamObservations observed,
                                                       CutoverSettings settings, TimelinessPolicy policy, Hour since) {
        NavigableMap<Hour, String> late = new TreeMap<>();
        if (!policy.judgesLandings()) {
            return late;
        }
        for (Hour hour : observed.hours().tailMap(since, true).keySet()) {
            late(state, observed, hour, settings, policy).ifPresent(reason -> late.put(hour, reason));
        }
        return late;
    }

    /**
     * Both jobs' refine times of every observed hour from {@code since} on where both commits under the stream's
     * routes were refines that reported their {@code duration_ms}, oldest first.
     */
    public static List<HourDurations> durations(StreamState state, StreamObservations observed,
                                                CutoverSettings settings, Hour since) {
        List<HourDurations> pairs = new ArrayList<>();
        for (Map.Entry<Hour, HourObservation> entry : observed.hours().tailMap(since, true).entrySet()) {
            Hour hour = entry.getKey();
            Optional<Long> newMs = refineMs(entry.getValue(), settings.newJob(),
                    state.databaseFor(settings.newJob(), hour, settings));
            Optional<Long> legacyMs = refineMs(entry.getValue(), settings.legacyJob(),
                    state.databaseFor(settings.legacyJob(), hour, settings));
            if (newMs.isPresent() && legacyMs.isPresent()) {
                pairs.add(new HourDurations(hour, newMs.get(), legacyMs.get()));
            }
        }
        return pairs;
    }

    /**
     * Why the new job's refines are too slow: over the policy's {@code window_hours} hours ending at the newest hour
     * both jobs refined (from {@code since} on), the sum of the new job's refine times divided by the legacy job's is
     * above {@code duration_ratio}. Empty when it is not, when the policy sets no ratio, or when there is nothing to
     * compare (no hour both refined with a measured time, or the legacy job's times add up to zero).
     */
    public static Optional<String> tooSlow(StreamState state, StreamObservations observed, CutoverSettings settings,
                                           TimelinessPolicy policy, Hour since) {
        if (policy.durationRatio().isEmpty()) {
            return Optional.empty();
        }
        return tooSlow(durations(state, observed, settings, since), settings, policy);
    }

    /** {@link #tooSlow(StreamState, StreamObservations, CutoverSettings, TimelinessPolicy, Hour)} of given times. */
    public static Optional<String> tooSlow(List<HourDurations> hours, CutoverSettings settings,
                                           TimelinessPolicy policy) {
        if (policy.durationRatio().isEmpty() || hours.isEmpty()) {
            return Optional.empty();
        }
        Hour newest = hours.stream().map(HourDurations::hour).max(Hour::compareTo).orElseThrow();
        Hour windowStart = newest.plusHours(1 - (long) policy.windowHours());
        long newSum = 0;
        long legacySum = 0;
        int counted = 0;
        for (HourDurations h : hours) {
            if (!h.hour().isBefore(windowStart)) {
                newSum += h.newMs();
                legacySum += h.legacyMs();
                counted++;
            }
        }
        if (legacySum == 0) {
            return Optional.empty();
        }
        double ratio = (double) newSum / legacySum;
        double allowed = policy.durationRatio().get();
        if (ratio <= allowed) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s's refines took %.2fx %s's over the %d hours up to %s"
                        + " (%d ms against %d ms in %d hours both refined; at most %sx)", settings.newJob(), ratio,
                settings.legacyJob(), policy.windowHours(), newest, newSum, legacySum, counted,
                trim(allowed)));
    }

    private static Optional<Long> refineMs(HourObservation observed, String job, String database) {
        return observed.in(database).filter(c -> c.job().equals(job)).flatMap(Commit::refineDurationMs);
    }

    /** {@code 41 min}, {@code 3 h 10 min}, {@code 45 s}: how people read a lag. */
    static String human(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        long hours = seconds / 3600;
        long minutes = (seconds % 3600) / 60;
        if (hours == 0) {
            return minutes + " min";
        }
        return minutes == 0 ? hours + " h" : hours + " h " + minutes + " min";
    }

    /** {@code 30m}, {@code 3h}, {@code 1h30m}: a policy duration as a plan writes it. */
    static String compact(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int millis = d.toMillisPart();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0) {
            out.append(seconds).append('s');
        }
        if (millis > 0) {
            out.append(millis).append("ms");
        }
        return out.toString();
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
