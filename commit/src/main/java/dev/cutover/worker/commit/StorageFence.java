package dev.cutover.worker.commit;

import dev.cutover.protocol.Hour;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Fencing where the data is (DESIGN.md, failure model: "Fencing reaches storage"). The epoch re-check before a
 * switch cannot stop a writer that pauses between the check and its metastore calls, so every commit's switch also
 * <ol>
 *   <li><b>waits out older leases</b>: it makes no metastore call before its {@code not_before} (from its route:
 *       once the leases older writers may hold on the hour have ended, see
 *       {@link dev.cutover.protocol.LeasePolicy});</li>
 *   <li><b>holds a bounded lease</b>: it makes no metastore call, not even one that undoes its own earlier calls,
 *       once its lease has ended ({@link LeaseTerms#length()} from the start of the epoch re-check that confirmed
 *       its epoch, by this worker's clock);</li>
 *   <li><b>never replaces a newer epoch</b>: right before the switch it reads the hour's partitions again and
 *       refuses when one of them records ({@link #EPOCH_PARAMETER}) an epoch newer than its own, or one it cannot
 *       read; the switch is then planned from that reading ({@link SwitchPlan}).</li>
 * </ol>
 * A refusal changes nothing and says why; the hour stays due. Only the metastore port and the injected clock are
 * used, so the simulation runs the same rules on an {@link InMemoryMetastore}.
 */
public final class StorageFence {

    /** The partition parameter recording the epoch a partition was committed under. */
    public static final String EPOCH_PARAMETER = "cutover.epoch";

    private final Metastore metastore;
    private final Clock clock;

    public StorageFence(Metastore metastore, Clock clock) {
        this.metastore = metastore;
        this.clock = clock;
    }

    /**
     * The lease a commit under {@code epoch} holds on {@code table} {@code hour}, starting now: take it right before
     * the epoch re-check, so that the lease starts before the moment the epoch was confirmed.
     */
    public Lease lease(TableRef table, Hour hour, long epoch, LeaseTerms terms) {
        Instant start = clock.instant();
        return new Lease(table, hour, epoch, start, start.plus(terms.length()), terms.notBefore());
    }

    /**
     * Why a commit with these terms must not switch yet; empty when it may. Callers ask before staging anything, so
     * an hour that must wait costs nothing.
     */
    public Optional<String> waiting(TableRef table, Hour hour, long epoch, LeaseTerms terms) {
        return waiting(table, hour, epoch, terms.notBefore(), clock.instant());
    }

    /** The right to write one (table, hour) under one epoch, from {@code start} until {@code until}. */
    public record Lease(TableRef table, Hour hour, long epoch, Instant start, Instant until,
                        Optional<Instant> notBefore) {

        public Lease {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(hour, "hour");
            Objects.requireNonNull(notBefore, "notBefore");
        }

        /** Why no metastore call may be made at {@code now}; empty when it may. */
        public Optional<String> refusal(Instant now) {
            Optional<String> waiting = waiting(table, hour, epoch, notBefore, now);
            if (waiting.isPresent()) {
                return waiting;
            }
            if (!now.isBefore(until)) {
                return Optional.of("the write lease of epoch " + epoch + " on " + table + " " + hour + " ended at "
                        + until + " (it lasts " + Duration.between(start, until) + " from the epoch re-check at "
                        + start + "; now " + now + "): a newer epoch's writer may own the hour, so nothing more is"
                        + " written under epoch " + epoch + "; the hour stays due and is written again under its"
                        + " current route");
            }
            return Optional.empty();
        }
    }

    /** What a guarded switch did. */
    public sealed interface Result {

        /** The fence refused before any metastore write: nothing changed. */
        record Refused(String reason) implements Result {
        }

        /** The switch ran (see its outcome), planned from the partitions read right before it. */
        record Applied(SwitchPlan plan, SwitchOutcome outcome) implements Result {
        }
    }

    /**
     * Switches {@code hour} of {@code table} to the commit's partitions under {@code lease}: checks the lease, reads
     * the hour's partitions (none when {@code ensure} creates the table), refuses when one records a newer epoch,
     * plans the switch from them ({@link SwitchPlan#of}) and applies it with the lease checked before every call,
     * undo calls included ({@link MetastoreSwitch}).
     */
    public Result switchHour(Lease lease, URI tableLocation, Optional<SwitchStep.EnsureTable> ensure,
                             List<PartitionRef> wanted, Predicate<String> owned) {
        Optional<String> refusal = lease.refusal(clock.instant());
        if (refusal.isPresent()) {
            return new Result.Refused(refusal.get());
        }
        boolean creates = ensure.isPresent() && !ensure.get().exists();
        List<PartitionRef> existing = creates ? List.of() : metastore.partitions(lease.table(), lease.hour());
        Optional<String> newer = newerEpoch(lease, existing);
        if (newer.isPresent()) {
            return new Result.Refused(newer.get());
        }
        SwitchPlan plan = SwitchPlan.of(lease.table(), tableLocation, lease.hour(), ensure, existing, wanted, owned);
        SwitchOutcome outcome = new MetastoreSwitch(metastore).apply(plan.steps(),
                () -> lease.refusal(clock.instant()));
        return new Result.Applied(plan, outcome);
    }

    /**
     * Drops the hour's partitions under {@code lease}, with the same checks as {@link #switchHour}: refused when the
     * lease does not allow a call, or when a partition records a newer epoch.
     *
     * @return the partitions dropped (none when the hour has none), or the refusal
     * @throws RuntimeException when the drop call itself fails (it may or may not have taken effect)
     */
    public DropResult drop(Lease lease) {
        Optional<String> refusal = lease.refusal(clock.instant());
        if (refusal.isPresent()) {
            return new DropResult.Refused(refusal.get());
        }
        List<PartitionRef> existing = metastore.partitions(lease.table(), lease.hour());
        Optional<String> newer = newerEpoch(lease, existing);
        if (newer.isPresent()) {
            return new DropResult.Refused(newer.get());
        }
        if (!existing.isEmpty()) {
            refusal = lease.refusal(clock.instant());
            if (refusal.isPresent()) {
                return new DropResult.Refused(refusal.get());
            }
            metastore.dropPartitions(lease.table(), existing.stream().map(PartitionRef::spec).toList());
        }
        return new DropResult.Dropped(existing);
    }

    /** What a guarded drop did. */
    public sealed interface DropResult {

        record Refused(String reason) implements DropResult {
        }

        record Dropped(List<PartitionRef> partitions) implements DropResult {

            public Dropped {
                partitions = List.copyOf(partitions);
            }
        }
    }

    /** The first partition that records an epoch newer than the lease's, or one that cannot be read, as a refusal. */
    static Optional<String> newerEpoch(Lease lease, List<PartitionRef> existing) {
        for (PartitionRef p : existing) {
            String recorded = p.parameters().get(EPOCH_PARAMETER);
            if (recorded == null) {
                continue;
            }
            long epoch;
            try {
                epoch = Long.parseLong(recorded);
            } catch (NumberFormatException e) {
                return Optional.of("partition " + p.spec() + " of " + lease.table() + " records epoch '" + recorded
                        + "' (" + EPOCH_PARAMETER + "), which is not a number, so whether it is newer than "
                        + lease.epoch() + " cannot be told; nothing was replaced; inspect the partition (inspect"
                        + " --database " + lease.table().database().value() + ") and drop or rewrite it");
            }
            if (epoch > lease.epoch()) {
                return Optional.of("partition " + p.spec() + " of " + lease.table() + " was committed under epoch "
                        + epoch + " (" + describe(p.parameters()) + "), newer than this commit's epoch " + lease.epoch()
                        + ": a newer epoch's writer owns the hour, so nothing was replaced; the hour is written again"
                        + " only under its current route");
            }
        }
        return Optional.empty();
    }

    private static String describe(Map<String, String> parameters) {
        return "job " + parameters.getOrDefault("cutover.job", "?") + ", commit "
                + parameters.getOrDefault("cutover.commit_id", "?");
    }

    private static Optional<String> waiting(TableRef table, Hour hour, long epoch, Optional<Instant> notBefore,
                                            Instant now) {
        if (notBefore.isPresent() && now.isBefore(notBefore.get())) {
            return Optional.of("waiting for older writers' leases on " + table + " " + hour + " until "
                    + notBefore.get() + " (a routing change waits out the leases writers under older epochs than "
                    + epoch + " may still hold; now " + now + "): nothing was written; the hour stays due and is"
                    + " committed from then on");
        }
        return Optional.empty();
    }
}
