package dev.cutover.worker.work;

import dev.cutover.streamconfig.Durations;
import dev.cutover.worker.raw.RawHour;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * When a job may start the routed refine of a raw hour ({@code work --start-delay JOB=DURATION[@STREAM_REGEX]}): no
 * earlier than DURATION after the hour was marked complete (its {@code _IMPORTED} flag was written), like an Airflow
 * DAG scheduled with a delay or waiting on a sensor. An hour not yet due is not started; a later round of the loop
 * picks it up. The first delay (in the order given) whose job is the job and whose regex finds the stream applies;
 * none: no delay. Pure: the caller passes the time (the worker's clock).
 */
public record StartDelays(List<StartDelay> delays) {

    public static final StartDelays NONE = new StartDelays(List.of());

    /** One {@code JOB=DURATION[@STREAM_REGEX]}; no regex: every stream. */
    public record StartDelay(String job, Duration delay, Optional<Pattern> streams) {
        boolean appliesTo(String j, String stream) {
            return job.equals(j) && streams.map(p -> p.matcher(stream).find()).orElse(true);
        }
    }

    public StartDelays {
        delays = List.copyOf(delays);
    }

    /**
     * The {@code --start-delay} values, each checked against the jobs this worker runs.
     *
     * @throws IllegalArgumentException naming the value, what is wrong and the form expected
     */
    public static StartDelays parse(Collection<String> specs, Collection<String> jobs) {
        List<StartDelay> delays = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String spec : specs == null ? List.<String>of() : specs) {
            try {
                StartDelay delay = parse(spec);
                if (!jobs.contains(delay.job())) {
                    problems.add("--start-delay '" + spec + "': job '" + delay.job() + "' is not one this worker runs "
                            + jobs + " (name it with --job)");
                } else {
                    delays.add(delay);
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new StartDelays(delays);
    }

    /** One {@code JOB=DURATION[@STREAM_REGEX]}, e.g. {@code airflow=45m} or {@code airflow=2h@^mediawiki\.}. */
    static StartDelay parse(String spec) {
        String form = " (expected JOB=DURATION[@STREAM_REGEX], e.g. airflow=45m or airflow=2h@^mediawiki\\.)";
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--start-delay '" + spec + "' names no job" + form);
        }
        String job = spec.substring(0, eq).trim();
        String rest = spec.substring(eq + 1);
        int at = rest.indexOf('@');
        String duration = at < 0 ? rest : rest.substring(0, at);
        Optional<Pattern> streams = Optional.empty();
        if (at >= 0) {
            String regex = rest.substring(at + 1);
            if (regex.isEmpty()) {
                throw new IllegalArgumentException("--start-delay '" + spec + "' has an empty stream regex" + form);
            }
            try {
                streams = Optional.of(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--start-delay '" + spec + "': '" + regex + "' is not a regex ("
                        + e.getDescription() + ")" + form);
            }
        }
        Duration delay;
        try {
            delay = Durations.parse(duration);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--start-delay '" + spec + "': " + e.getMessage() + form);
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("--start-delay '" + spec + "': the delay must not be negative" + form);
        }
        return new StartDelay(job, delay, streams);
    }

    /** The delay of {@code job} for {@code stream}: the first that applies, or none. */
    public Optional<Duration> of(String job, String stream) {
        return delays.stream().filter(d -> d.appliesTo(job, stream)).map(StartDelay::delay).findFirst();
    }

    /**
     * When {@code job} may start the routed refine of {@code raw}: its delay after the hour was marked complete
     * ({@link RawHour#completedAt()}; the hour's newest modification time when the flag's is unknown). Empty: at once.
     */
    public Optional<Instant> dueAt(String job, RawHour raw) {
        return of(job, raw.stream()).map(delay -> raw.completedAt().orElse(Instant.ofEpochMilli(raw.mtime()))
                .plus(delay));
    }

    /** Whether {@code job} may start the routed refine of {@code raw} at {@code now}. */
    public boolean due(String job, RawHour raw, Instant now) {
        return dueAt(job, raw).map(at -> !now.isBefore(at)).orElse(true);
    }
}
