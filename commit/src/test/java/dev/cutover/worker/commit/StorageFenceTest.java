package dev.cutover.worker.commit;

import static dev.cutover.worker.commit.InstrumentedMetastore.Kind.CREATE;
import static dev.cutover.worker.commit.InstrumentedMetastore.Kind.PARTITIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.LeasePolicy;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Storage-side fencing on the in-memory metastore with a clock the tests move: the recorded epoch check, the
 * bounded write lease (checked before every call, undo calls included) and the wait for older writers' leases.
 */
class StorageFenceTest {

    private static final Hour HOUR = Hour.parse("2026-11-23T01");
    private static final TableRef TABLE = new TableRef(DatabaseName.of("event"), "navigationtiming");
    private static final URI LOCATION = URI.create("hdfs://analytics-hadoop/wmf/data/event/navigationtiming");
    private static final List<String> COLUMNS = List.of("datacenter", "year", "month", "day", "hour");
    private static final TableDefinition V1 = new TableDefinition(TABLE, LOCATION, COLUMNS, "id STRING");
    private static final String OLD = "20261123T020000-0000000a";
    private static final String A = "20261123T030000-0000000b";
    private static final String B = "20261123T030500-0000000c";
    private static final LeaseTerms TEN_MINUTES = new LeaseTerms(Duration.ofMinutes(10), Optional.empty());

    private final MutableClock clock = MutableClock.at("2026-11-23T03:00:00Z");
    private final InMemoryMetastore store = new InMemoryMetastore();
    private final InstrumentedMetastore metastore = new InstrumentedMetastore(store);
    private final StorageFence fence = new StorageFence(metastore, clock);

    private static PartitionRef partition(String dc, String commit, long epoch) {
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("datacenter", dc);
        spec.putAll(CommitLayout.hourSpec(HOUR));
        return new PartitionRef(spec, CommitLayout.partitionDir(LOCATION, HOUR, commit, spec),
                Map.of("cutover.commit_id", commit, StorageFence.EPOCH_PARAMETER, Long.toString(epoch),
                        "cutover.job", epoch == 1 ? "legacy" : "airflow"));
    }

    /** The hour as a commit under {@code epoch} writes it: eqiad and codfw of {@code commit}. */
    private static List<PartitionRef> commit(String commit, long epoch) {
        return List.of(partition("codfw", commit, epoch), partition("eqiad", commit, epoch));
    }

    private StorageFence.Result switchHour(StorageFence.Lease lease, List<PartitionRef> wanted) {
        return fence.switchHour(lease, LOCATION, Optional.empty(), wanted, key -> key.startsWith("cutover."));
    }

    private void visible(List<PartitionRef> partitions) {
        store.ensureTable(V1, false);
        store.createPartitions(TABLE, partitions, false);
    }

    @Test
    void aCommitNeverReplacesAPartitionRecordedUnderANewerEpoch() {
        visible(commit(B, 2));
        StorageFence.Lease lease = fence.lease(TABLE, HOUR, 1, TEN_MINUTES);

        StorageFence.Result result = switchHour(lease, commit(A, 1));

        assertThat(result).isInstanceOfSatisfying(StorageFence.Result.Refused.class, r -> assertThat(r.reason())
                .contains("partition {datacenter=codfw, year=2026, month=11, day=23, hour=1} of event.navigationtiming")
                .contains("committed under epoch 2 (job airflow, commit " + B + "), newer than this commit's epoch 1")
                .contains("nothing was replaced"));
        assertThat(metastore.kinds()).as("the hour is read again, nothing is written").containsExactly(PARTITIONS);
        assertThat(store.partitions(TABLE, HOUR)).containsExactlyInAnyOrderElementsOf(commit(B, 2));
    }

    @Test
    void aCommitReplacesPartitionsOfItsOwnOrAnOlderEpochAndPlansFromWhatItReadsRightBeforeTheSwitch() {
        visible(List.of(partition("eqiad", OLD, 1), partition("ulsfo", OLD, 1)));
        StorageFence.Lease lease = fence.lease(TABLE, HOUR, 2, TEN_MINUTES);

        StorageFence.Result result = switchHour(lease, commit(B, 2));

        assertThat(result).isInstanceOfSatisfying(StorageFence.Result.Applied.class, a -> {
            assertThat(a.outcome()).isInstanceOf(SwitchOutcome.Switched.class);
            assertThat(a.plan().replacedCommits()).containsExactly(OLD);
            assertThat(a.plan().steps()).extracting(SwitchStep::name).containsExactly("create", "alter", "drop");
        });
        assertThat(store.partitions(TABLE, HOUR)).extracting(p -> p.parameters().get(StorageFence.EPOCH_PARAMETER))
                .containsOnly("2");
    }

    @Test
    void aPartitionWhoseRecordedEpochIsNotANumberIsNeverReplaced() {
        Map<String, String> spec = new LinkedHashMap<>(partition("eqiad", OLD, 1).spec());
        visible(List.of(new PartitionRef(spec, URI.create("hdfs://x/eqiad"), Map.of(StorageFence.EPOCH_PARAMETER, "2b"))));

        StorageFence.Result result = switchHour(fence.lease(TABLE, HOUR, 3, TEN_MINUTES), commit(B, 3));

        assertThat(result).isInstanceOfSatisfying(StorageFence.Result.Refused.class, r -> assertThat(r.reason())
                .contains("records epoch '2b'").contains("not a number").contains("inspect --database event"));
    }

    @Test
    void noMetastoreCallIsMadeOnceTheLeaseHasEnded() {
        visible(List.of(partition("eqiad", OLD, 1)));
        StorageFence.Lease lease = fence.lease(TABLE, HOUR, 1, TEN_MINUTES);
        clock.advance(Duration.ofMinutes(10));

        StorageFence.Result result = switchHour(lease, commit(A, 1));

        assertThat(result).isInstanceOfSatisfying(StorageFence.Result.Refused.class, r -> assertThat(r.reason())
                .contains("the write lease of epoch 1 on event.navigationtiming 2026-11-23T01 ended at"
                        + " 2026-11-23T03:10:00Z").contains("nothing more is written under epoch 1"));
        assertThat(metastore.kinds()).isEmpty();
    }

    @Test
    void aLeaseEndingMidSwitchStopsTheSwitchAndWritesNoUndoEither() {
        visible(List.of(partition("eqiad", OLD, 1)));
        Metastore pausing = new Delegating(metastore) {
            @Override
            public void createPartitions(TableRef table, List<PartitionRef> partitions, boolean ignoreIfExists) {
                super.createPartitions(table, partitions, ignoreIfExists);
                clock.advance(Duration.ofMinutes(11)); // the worker pauses right after its first partition call
            }
        };
        StorageFence paused = new StorageFence(pausing, clock);
        StorageFence.Lease lease = paused.lease(TABLE, HOUR, 1, TEN_MINUTES);

        StorageFence.Result result = paused.switchHour(lease, LOCATION, Optional.empty(), commit(A, 1),
                key -> key.startsWith("cutover."));

        assertThat(result).isInstanceOfSatisfying(StorageFence.Result.Applied.class, a -> {
            assertThat(a.outcome()).isInstanceOfSatisfying(SwitchOutcome.NotRestored.class, n -> {
                assertThat(n.failedAt().name()).isEqualTo("alter");
                assertThat(n.error()).isInstanceOf(SwitchRefused.class).hasMessageContaining("ended at");
                assertThat(n.started()).extracting(SwitchStep::name).containsExactly("create");
                assertThat(n.undoFailures()).singleElement()
                        .satisfies(f -> assertThat(f.error()).isInstanceOf(SwitchRefused.class));
            });
        });
        assertThat(metastore.kinds()).as("no alter, and no drop undoing the create").containsExactly(PARTITIONS, CREATE);
    }

    @Test
    void aCommitWaitsUntilItsNotBeforeWithoutAnyMetastoreCall() {
        Instant notBefore = clock.instant().plus(Duration.ofMinutes(11));
        LeaseTerms terms = new LeaseTerms(Duration.ofMinutes(10), Optional.of(notBefore));
        visible(List.of(partition("eqiad", OLD, 1)));

        assertThat(fence.waiting(TABLE, HOUR, 2, terms)).hasValueSatisfying(w -> assertThat(w)
                .contains("waiting for older writers' leases on event.navigationtiming 2026-11-23T01 until "
                        + notBefore).contains("the hour stays due"));
        assertThat(switchHour(fence.lease(TABLE, HOUR, 2, terms), commit(B, 2)))
                .isInstanceOf(StorageFence.Result.Refused.class);
        assertThat(metastore.kinds()).isEmpty();

        clock.set(notBefore);
        assertThat(fence.waiting(TABLE, HOUR, 2, terms)).isEmpty();
        assertThat(switchHour(fence.lease(TABLE, HOUR, 2, terms), commit(B, 2)))
                .isInstanceOf(StorageFence.Result.Applied.class);
    }

    /**
     * The race of the failure model: A re-checks epoch 1 and pauses; the controller publishes epoch 2; B, the new
     * leader, waits out the older leases and commits; A resumes. Whenever A resumes, the hour ends as B wrote it.
     */
    @Test
    void aWriterPausedAfterItsEpochCheckNeverOverwritesTheNewLeadersCommit() {
        visible(List.of(partition("eqiad", OLD, 1)));
        LeasePolicy leases = LeasePolicy.DEFAULT;
        StorageFence.Lease a = fence.lease(TABLE, HOUR, 1, new LeaseTerms(leases.length(), Optional.empty()));
        clock.advance(Duration.ofSeconds(1));
        Instant published = clock.instant();
        LeaseTerms newLeader = new LeaseTerms(leases.length(),
                Optional.of(leases.notBefore(published, leases.length())));

        assertThat(fence.waiting(TABLE, HOUR, 2, newLeader)).as("B waits while A's lease may last").isPresent();
        clock.set(newLeader.notBefore().orElseThrow());
        assertThat(fence.waiting(TABLE, HOUR, 2, newLeader)).isEmpty();
        assertThat(switchHour(fence.lease(TABLE, HOUR, 2, newLeader), commit(B, 2)))
                .isInstanceOfSatisfying(StorageFence.Result.Applied.class,
                        r -> assertThat(r.outcome()).isInstanceOf(SwitchOutcome.Switched.class));

        assertThat(switchHour(a, commit(A, 1))).isInstanceOfSatisfying(StorageFence.Result.Refused.class,
                r -> assertThat(r.reason()).contains("ended at"));
        StorageFence.Lease stillValid = new StorageFence.Lease(TABLE, HOUR, 1, clock.instant(),
                clock.instant().plus(leases.length()), Optional.empty());
        assertThat(switchHour(stillValid, commit(A, 1))).as("even a lease that had not ended (a skewed clock)")
                .isInstanceOfSatisfying(StorageFence.Result.Refused.class,
                        r -> assertThat(r.reason()).contains("newer than this commit's epoch 1"));
        assertThat(store.partitions(TABLE, HOUR)).as("I1: the hour is B's, under epoch 2")
                .containsExactlyInAnyOrderElementsOf(commit(B, 2));
    }

    @Test
    void aDropNeverDropsAPartitionRecordedUnderANewerEpoch() {
        visible(commit(B, 3));

        StorageFence.DropResult refused = fence.drop(fence.lease(TABLE, HOUR, 2, TEN_MINUTES));
        StorageFence.DropResult dropped = fence.drop(fence.lease(TABLE, HOUR, 3, TEN_MINUTES));

        assertThat(refused).isInstanceOfSatisfying(StorageFence.DropResult.Refused.class,
                r -> assertThat(r.reason()).contains("committed under epoch 3"));
        assertThat(dropped).isInstanceOfSatisfying(StorageFence.DropResult.Dropped.class,
                d -> assertThat(d.partitions()).containsExactlyInAnyOrderElementsOf(commit(B, 3)));
        assertThat(store.partitions(TABLE, HOUR)).isEmpty();
    }

    /** Passes every call on; a test overrides the call it pauses in. */
    private static class Delegating implements Metastore {
        private final Metastore delegate;

        Delegating(Metastore delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<PartitionRef> partitions(TableRef table, Hour hour) {
            return delegate.partitions(table, hour);
        }

        @Override
        public void ensureTable(TableDefinition definition, boolean exists) {
            delegate.ensureTable(definition, exists);
        }

        @Override
        public void createPartitions(TableRef table, List<PartitionRef> partitions, boolean ignoreIfExists) {
            delegate.createPartitions(table, partitions, ignoreIfExists);
        }

        @Override
        public void alterPartitions(TableRef table, List<PartitionRef> partitions) {
            delegate.alterPartitions(table, partitions);
        }

        @Override
        public void dropPartitions(TableRef table, List<Map<String, String>> specs) {
            delegate.dropPartitions(table, specs);
        }
    }
}
