package dev.cutover.worker.table;

import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.worker.Errors;
import dev.cutover.worker.commit.CommitLayout;
import dev.cutover.worker.commit.Janitor;
import dev.cutover.worker.commit.LeaseTerms;
import dev.cutover.worker.commit.Metastore;
import dev.cutover.worker.commit.MetastoreSwitch;
import dev.cutover.worker.commit.PartitionRef;
import dev.cutover.worker.commit.StorageFence;
import dev.cutover.worker.commit.SwitchOutcome;
import dev.cutover.worker.commit.SwitchPlan;
import dev.cutover.worker.commit.SwitchRefused;
import dev.cutover.worker.commit.SwitchStep;
import dev.cutover.worker.commit.TableRef;
import dev.cutover.worker.spark.Scala;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;

/**
 * Makes one (table, hour) visible atomically and idempotently:
 * <ol>
 *   <li>wait: a commit whose lease terms say "not before" ({@link LeaseTerms}) aborts before anything is staged
 *       while older writers' leases on the hour may last (the hour stays due);</li>
 *   <li>stage: writes the rows to a fresh commit directory ({@link CommitLayout}), counting rows and the content
 *       checksum in the same pass ({@link StagedWrite});</li>
 *   <li>validate: runs the caller's check (e.g. the corrupt-record threshold);</li>
 *   <li>prepare: writes {@code _COMMIT.json} and computes each new partition's parameters, its provenance and data
 *       file digest among them (compare's provenance fast path relies on all of it);</li>
 *   <li>fence: takes the write lease and re-checks the epoch ({@link Fence}); if it moved, deletes the staged files
 *       and aborts. Nothing but the storage fence and the metastore switch follows this check;</li>
 *   <li>switch, under the storage fence ({@link StorageFence}): with the lease checked before every metastore call,
 *       reads the hour's partitions again and refuses (aborts) when one records a newer epoch than the commit's;
 *       plans the switch from them ({@link SwitchPlan}); creates or evolves the table if the {@link TableTarget}
 *       says so, then points the hour's partitions at the new directories (create / alter / drop: each partition
 *       switches atomically, readers see either the old or the new files, never a mix), through
 *       {@link MetastoreSwitch};</li>
 *   <li>clean up: the {@link Janitor} deletes the hour's commit directories older than the one just replaced; the
 *       previous commit's files stay until the next commit of the hour, so a query that planned against them still
 *       finds them.</li>
 * </ol>
 * Anything failing or refused before the switch leaves the table and its partitions untouched and the staged files
 * deleted, and so does a failure to create or evolve the table. Once a partition call has started the new commit's
 * files are never deleted: a failing switch restores the previous partitions' metadata (while the lease lasts: an
 * undo is a metastore call too) and, if that fails, leaves the data in place and says so. A table evolution already
 * applied is not undone (it only ever adds columns or widens types).
 */
public final class PartitionCommitter {

    private final SparkSession spark;
    private final Clock clock;
    private final CommitLayout layout;
    private final StorageFence storage;
    private final StagedWrite stagedWrite;
    private final Janitor janitor;

    public PartitionCommitter(SparkSession spark, Clock clock) {
        this(spark, clock, new HiveMetastore(spark, clock));
    }

    /** Tests pass a metastore that records its calls and fails some. */
    PartitionCommitter(SparkSession spark, Clock clock, Metastore metastore) {
        this.spark = spark;
        this.clock = clock;
        this.layout = new CommitLayout(clock);
        this.storage = new StorageFence(metastore, clock);
        this.stagedWrite = new StagedWrite(spark);
        this.janitor = new Janitor(new HadoopFiles(spark.sparkContext().hadoopConfiguration()));
    }

    /** What is recorded about the writer; rows, checksum and time are filled in by the commit. */
    public record Writer(String job, String stream, long epoch, String action, String schemaFingerprint, String source) {
    }

    /** The outcome: committed (with the provenance written) or aborted by the fence or the storage fence. */
    public sealed interface Outcome {
        record Committed(Provenance provenance, List<Map<String, String>> partitions) implements Outcome {
        }

        record Aborted(String reason) implements Outcome {
        }
    }

    /**
     * {@link #commit(TableTarget, Hour, Dataset, List, Writer, LeaseTerms, Runnable, Fence)} into an existing table as
     * it is, under the default lease terms.
     */
    public Outcome commit(CatalogTable table, Hour hour, Dataset<Row> data, List<String> datacenters, Writer writer,
                          Runnable validate, Fence fence) {
        return commit(TableTarget.of(table), hour, data, datacenters, writer, LeaseTerms.DEFAULT, validate, fence);
    }

    /** {@link #commit(TableTarget, Hour, Dataset, List, Writer, LeaseTerms, Runnable, Fence)} under the default terms. */
    public Outcome commit(TableTarget target, Hour hour, Dataset<Row> data, List<String> datacenters, Writer writer,
                          Runnable validate, Fence fence) {
        return commit(target, hour, data, datacenters, writer, LeaseTerms.DEFAULT, validate, fence);
    }

    /**
     * @param target      the table as it will be (created or evolved by the switch, see {@link TableTarget})
     * @param data        rows shaped like the target's data schema, plus {@code datacenter} when it has it
     * @param datacenters datacenter partitions that must exist even when empty (ignored without datacenter)
     * @param terms       the write lease terms of the commit's route or work item
     * @param validate    runs after the write, before anything is visible; throwing fails the commit
     * @throws IllegalStateException when the switch failed, saying whether the previous partitions were restored
     */
    public Outcome commit(TableTarget target, Hour hour, Dataset<Row> data, List<String> datacenters, Writer writer,
                          LeaseTerms terms, Runnable validate, Fence fence) {
        TableRef table = HiveMetastore.ref(target);
        Optional<String> waiting = storage.waiting(table, hour, writer.epoch(), terms);
        if (waiting.isPresent()) {
            return new Outcome.Aborted(waiting.get());
        }
        String commitId = layout.newCommitId();
        URI staging = CommitLayout.commitDir(target.location(), hour, commitId);
        Provenance provenance;
        List<PartitionRef> wanted;
        StorageFence.Lease lease;
        try {
            StagedWrite.Staged staged = stagedWrite.write(target, hour, data, datacenters, staging, commitId);
            validate.run();
            provenance = new Provenance(writer.job(), writer.stream(), writer.epoch(), writer.action(),
                    clock.instant().toString(), staged.rows(), staged.checksum(), writer.schemaFingerprint(),
                    writer.source(), commitId, Checksums.ALGORITHM, staged.partitions().size());
            wanted = wanted(staged, stagedWrite.seal(staged, provenance), provenance);
            lease = storage.lease(table, hour, writer.epoch(), terms);
            if (fence.check() instanceof FenceDecision.Abort abort) {
                janitor.delete(List.of(staging), "the staged files of a fenced commit");
                return new Outcome.Aborted(abort.reason());
            }
        } catch (Exception e) {
            janitor.delete(List.of(staging), "the staged files of a failed commit");
            throw e;
        }
        Optional<SwitchStep.EnsureTable> ensure = target.needsChange()
                ? Optional.of(new SwitchStep.EnsureTable(HiveMetastore.definition(target), target.current().isPresent()))
                : Optional.empty();
        StorageFence.Result result;
        try {
            result = storage.switchHour(lease, target.location(), ensure, wanted, Provenance::owns);
        } catch (Exception e) {
            // reading the hour's partitions failed: nothing was written
            janitor.delete(List.of(staging), "the staged files of a commit whose partitions could not be read");
            throw e;
        }
        if (result instanceof StorageFence.Result.Refused refused) {
            janitor.delete(List.of(staging), "the staged files of a commit its storage fence refused");
            return new Outcome.Aborted(refused.reason());
        }
        var applied = (StorageFence.Result.Applied) result;
        SwitchPlan plan = applied.plan();
        SwitchOutcome switched = applied.outcome();
        refresh(target.qualifiedName());
        if (switched instanceof SwitchOutcome.Failed failed) {
            if (!failed.partitionCallsStarted()) {
                janitor.delete(List.of(staging), "the staged files of a commit whose table could not be prepared");
                if (failed.error() instanceof SwitchRefused refused) {
                    return new Outcome.Aborted(refused.getMessage());
                }
            }
            throw failure(target, hour, staging, commitId, failed);
        }
        janitor.cleanUp(target.location(), hour, commitId, plan.replacedCommits());
        return new Outcome.Committed(provenance, plan.partitions());
    }

    /** The new commit's partitions with the parameters it writes: its provenance and each one's file digest. */
    private static List<PartitionRef> wanted(StagedWrite.Staged staged, Map<Map<String, String>, String> digests,
                                             Provenance provenance) {
        List<PartitionRef> wanted = new ArrayList<>();
        staged.partitions().forEach((spec, dir) -> {
            Map<String, String> parameters = new LinkedHashMap<>(provenance.toParameters());
            parameters.put(Provenance.FILES, digests.get(spec));
            wanted.add(new PartitionRef(spec, dir, parameters));
        });
        return wanted;
    }

    /** The failed switch as an error saying what is visible now and where the new commit's files are. */
    private static IllegalStateException failure(TableTarget target, Hour hour, URI staging, String commitId,
                                                 SwitchOutcome.Failed failed) {
        if (!failed.partitionCallsStarted()) {
            return new IllegalStateException("cannot " + (target.current().isEmpty() ? "create" : "evolve") + " table "
                    + target.qualifiedName() + " for " + hour + ": " + Errors.rootMessage(failed.error()),
                    failed.error());
        }
        String where = "the metastore switch of " + target.qualifiedName() + " " + hour + " to commit " + commitId
                + " failed at " + failed.failedAt().name() + ": " + Errors.rootMessage(failed.error());
        if (failed instanceof SwitchOutcome.NotRestored n) {
            List<String> undo = n.undoFailures().stream()
                    .map(u -> "undoing " + u.step().name() + ": " + Errors.rootMessage(u.error())).toList();
            return new IllegalStateException(where + "; the previous partitions could not be restored ("
                    + String.join("; ", undo) + "), so some partitions of the hour may point at the new commit, whose"
                    + " files are kept in " + new Path(staging) + "; check with 'inspect --database "
                    + target.database().value() + "' and refine or copy the hour again", failed.error());
        }
        return new IllegalStateException(where + "; the previous partitions were restored; the new commit's files are"
                + " kept in " + new Path(staging) + " (a later commit of the hour deletes them); refine or copy the hour"
                + " again", failed.error());
    }

    private void refresh(String qualifiedName) {
        try {
            spark.catalog().refreshTable(qualifiedName);
        } catch (Exception e) {
            // best effort: only this session's cached file listing is stale, the metastore is what counts
        }
    }

    /** What a drop did: the specs of the partitions dropped, or why it was aborted (nothing dropped). */
    public sealed interface DropOutcome {
        record Dropped(List<Map<String, String>> partitions) implements DropOutcome {
        }

        record Aborted(String reason) implements DropOutcome {
        }
    }

    /**
     * Drops every partition of the hour under the same fences as a commit (lease terms, epoch re-check, storage
     * fence: nothing recorded under a newer epoch is dropped): metadata first, then the commit directories Cutover
     * wrote for the hour (the dropped ones and any older ones kept for readers); nothing outside
     * {@code <table>/_commits/}.
     */
    public DropOutcome drop(CatalogTable table, Hour hour, long epoch, LeaseTerms terms, Fence fence) {
        TableRef ref = HiveMetastore.ref(table);
        Optional<String> waiting = storage.waiting(ref, hour, epoch, terms);
        if (waiting.isPresent()) {
            return new DropOutcome.Aborted(waiting.get());
        }
        StorageFence.Lease lease = storage.lease(ref, hour, epoch, terms);
        if (fence.check() instanceof FenceDecision.Abort abort) {
            return new DropOutcome.Aborted(abort.reason());
        }
        StorageFence.DropResult result = storage.drop(lease);
        if (result instanceof StorageFence.DropResult.Refused refused) {
            return new DropOutcome.Aborted(refused.reason());
        }
        List<PartitionRef> existing = ((StorageFence.DropResult.Dropped) result).partitions();
        List<Map<String, String>> specs = existing.stream().map(PartitionRef::spec).toList();
        if (!specs.isEmpty()) {
            spark.catalog().refreshTable(ref.qualifiedName());
            Set<String> dropped = new TreeSet<>();
            existing.forEach(p -> CommitLayout.commitIdOf(table.location(), hour, p.location()).ifPresent(dropped::add));
            janitor.cleanUp(table.location(), hour, null, dropped);
            janitor.delete(dropped.stream().map(id -> CommitLayout.commitDir(table.location(), hour, id)).toList(),
                    "the commit directory of a dropped partition");
        }
        return new DropOutcome.Dropped(specs);
    }

    /** The hour's partitions as the metastore has them now. */
    public List<CatalogTablePartition> partitionsOf(CatalogTable table, Hour hour) {
        return Scala.list(spark.sharedState().externalCatalog().listPartitions(table.identifier().database().get(),
                table.identifier().table(), Scala.option(Scala.map(hourSpec(hour)))));
    }

    public static Map<String, String> hourSpec(Hour hour) {
        return CommitLayout.hourSpec(hour);
    }

    /**
     * Where a commit puts one partition of the hour: {@code <table>/_commits/<hour path>/<commit id>[/datacenter=<dc>]}
     * ({@code spec} is the partition's spec; its {@code datacenter}, if any, picks the sub-directory).
     */
    public static Path commitLocation(CatalogTable table, Hour hour, String commitId, Map<String, String> spec) {
        return commitLocation(table.location(), hour, commitId, spec);
    }

    /** {@link #commitLocation(CatalogTable, Hour, String, Map)} for a table at {@code tableLocation}. */
    public static Path commitLocation(URI tableLocation, Hour hour, String commitId, Map<String, String> spec) {
        return new Path(CommitLayout.partitionDir(tableLocation, hour, commitId, spec));
    }
}
