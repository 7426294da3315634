package dev.cutover.worker.commit;

import dev.cutover.protocol.Databases;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a job's routed write of one (stream, hour) does: the hour its route sends it to with no work item, decided
 * from what storage holds, not from what the controller heard. The controller plans only the hours some report
 * mentioned; a report can be lost (a crash after the switch, the controller down) and, once the routing changed,
 * an older epoch's report is refused. So an hour the controller never heard of can hold the other job's output in
 * production and the job's own output in its shadow database. Pure; the same rules as the controller's work lists
 * (I3: the new job's production output is preserved before it is overwritten, and production is restored by a
 * copy, not a recompute, when a shadow holds the hour):
 * <ul>
 *   <li>into a <b>shadow</b> database, while production holds this job's own output of the hour (it led the hour
 *   before the routing changed) and the shadow does not hold it yet: <b>copy</b> production into the shadow (the
 *   preservation, no recompute); otherwise <b>refine</b> (a preserved hour whose raw input changed is refined
 *   again, as any secondary hour is);</li>
 *   <li>into <b>production</b>, while production holds another job's output that is not yet in that job's shadow
 *   database (same checksum) and that job still keeps a shadow: <b>wait</b> (the other job's routed write or the
 *   work list preserves it first; the hour stays due);</li>
 *   <li>into <b>production</b> otherwise: <b>copy</b> from this job's own shadow database when it holds this job's
 *   output of the hour (a restore, no recompute), else <b>refine</b>.</li>
 * </ul>
 */
public final class RoutedWrite {

    /** What one database holds for the hour: who wrote it, under which epoch, and its content checksum. */
    public record Held(String job, long epoch, String checksum) {
        public Held {
            Objects.requireNonNull(job, "job");
        }
    }

    /** The decision. */
    public sealed interface Decision permits Refine, Copy, Wait {
    }

    /** Refine the raw input into the route's database. */
    public record Refine() implements Decision {
    }

    /** Copy the hour from {@code from} into the route's database (an OK copy is reported like a work item's). */
    public record Copy(String from) implements Decision {
    }

    /** Do not write now; the hour stays due. */
    public record Wait(String reason) implements Decision {
    }

    private RoutedWrite() {
    }

    /**
     * @param job         the writing job
     * @param database    its route's database for the hour
     * @param databases   the plan's databases (production, each job's shadow)
     * @param storage     what a database holds for the hour (empty: no partition, or none Cutover wrote)
     * @param keepsShadow whether a job's routes still give it its shadow database for the hour (false once it
     *                    stopped: a decommissioned job's output is not preserved)
     */
    public static Decision decide(String job, String database, Databases databases,
                                  Function<String, Optional<Held>> storage, Predicate<String> keepsShadow) {
        String production = databases.production();
        Optional<Held> inProduction = storage.apply(production);
        if (!production.equals(database)) {
            boolean ownInProduction = inProduction.filter(h -> h.job().equals(job)).isPresent();
            return ownInProduction && !preserved(inProduction.get(), storage.apply(database))
                    ? new Copy(production) : new Refine();
        }
        Optional<String> hold = productionHold(job, database, databases, storage, keepsShadow);
        if (hold.isPresent()) {
            return new Wait(hold.get());
        }
        Optional<String> own = databases.shadowOf(job);
        if (own.isPresent() && storage.apply(own.get()).filter(h -> h.job().equals(job)).isPresent()) {
            return new Copy(own.get());
        }
        return new Refine();
    }

    /**
     * Why {@code job} must not write {@code database} now, or empty: the rule every write into production follows,
     * a routed write's and a work item's alike (I3). While production holds another job's output of the hour that is
     * not yet in that job's shadow database (same checksum) and that job still keeps a shadow, overwriting it would
     * lose output nobody preserved: the write waits, and the other job's routed write (or the work list) copies it
     * to its shadow first. The controller's work lists already order a preservation before a restore for the hours
     * it heard of; this also covers an hour whose report never reached it (the controller down, then a routing
     * change that made the report stale).
     */
    public static Optional<String> productionHold(String job, String database, Databases databases,
                                                  Function<String, Optional<Held>> storage,
                                                  Predicate<String> keepsShadow) {
        String production = databases.production();
        if (!production.equals(database)) {
            return Optional.empty();
        }
        Optional<Held> inProduction = storage.apply(production);
        if (inProduction.isEmpty() || inProduction.get().job().equals(job)) {
            return Optional.empty();
        }
        Held other = inProduction.get();
        Optional<String> otherShadow = databases.shadowOf(other.job());
        if (otherShadow.isPresent() && keepsShadow.test(other.job())
                && !preserved(other, storage.apply(otherShadow.get()))) {
            return Optional.of(production + " holds " + other.job() + "'s output of the hour (epoch " + other.epoch()
                    + "), not yet preserved in " + otherShadow.get() + ": it is copied there first");
        }
        return Optional.empty();
    }

    private static boolean preserved(Held inProduction, Optional<Held> inShadow) {
        return inShadow.filter(s -> s.job().equals(inProduction.job())
                && Objects.equals(s.checksum(), inProduction.checksum())).isPresent();
    }
}
