package dev.cutover.worker.table;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.worker.Errors;
import dev.cutover.worker.spark.Scala;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogStorageFormat;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalog;
import org.apache.spark.sql.types.StructType;

/**
 * Makes one (table, hour) visible atomically and idempotently:
 * <ol>
 *   <li>writes the rows to a fresh commit directory {@code <table>/_commits/year=/month=/day=/hour=/<commit id>/}
 *       (one {@code datacenter=} sub-directory per datacenter; empty partitions get an empty directory),
 *       counting rows and the content checksum in the same pass;</li>
 *   <li>runs the caller's validation (e.g. the corrupt-record threshold), writes {@code _COMMIT.json} and
 *       prepares the whole switch: reads the hour's partitions from the metastore and computes each new
 *       partition's parameters, including its data file digest ({@link PartitionFiles}; compare's
 *       provenance fast path relies on all of it);</li>
 *   <li>re-checks the epoch ({@link Fence}); if it moved, deletes the commit directory and aborts. Nothing
 *       but the metastore switch follows this check;</li>
 *   <li>the switch: creates or evolves the table if the {@link TableTarget} says so, then points the hour's
 *       partitions at the new directories with their provenance in the partition parameters (create / alter /
 *       drop through the metastore: each partition switches atomically, readers see either the old or the
 *       new files, never a mix);</li>
 *   <li>deletes the hour's commit directories older than the one just replaced: the previous commit's files
 *       stay until the next commit of the hour, so a query that planned against them still finds them.</li>
 * </ol>
 * Anything failing before step 4 leaves the table and its partitions untouched and the staged files deleted.
 * Once the switch has started the new commit's files are never deleted: a failing switch restores the
 * previous partitions' metadata (undoing every call that may have been applied, in reverse order) and, if
 * that fails too, leaves the data in place and says so. A table evolution already applied is not undone
 * (it only ever adds columns or widens types).
 */
public final class PartitionCommitter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter COMMIT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern COMMIT_ID = Pattern.compile("(\\d{8}T\\d{6})-[0-9a-f]{8}");
    public static final String COMMITS_DIR = "_commits";
    public static final String COMMIT_FILE = "_COMMIT.json";

    private final SparkSession spark;
    private final Clock clock;
    private final HiveTables tables;
    private final Consumer<String> steps;

    public PartitionCommitter(SparkSession spark, Clock clock) {
        this(spark, clock, step -> { });
    }

    /**
     * {@code steps} is told each step as it starts ({@code write}, {@code validate}, {@code prepare},
     * {@code fence}, {@code switch:table|create|alter|drop}, {@code restore:drop|alter|create}, {@code cleanup});
     * tests use it to check the order and to fail a step.
     */
    PartitionCommitter(SparkSession spark, Clock clock, Consumer<String> steps) {
        this.spark = spark;
        this.clock = clock;
        this.tables = new HiveTables(spark);
        this.steps = steps;
    }

    /** What is recorded about the writer; rows, checksum and time are filled in by the commit. */
    public record Writer(String job, String stream, long epoch, String action, String schemaFingerprint, String source) {
    }

    /** The outcome: committed (with the provenance written) or aborted by the fence. */
    public sealed interface Outcome {
        record Committed(Provenance provenance, List<Map<String, String>> partitions) implements Outcome {
        }

        record Aborted(String reason) implements Outcome {
        }
    }

    /** {@link #commit(TableTarget, Hour, Dataset, List, Writer, Runnable, Fence)} into an existing table as it is. */
    public Outcome commit(CatalogTable table, Hour hour, Dataset<Row> data, List<String> datacenters, Writer writer,
                          Runnable validate, Fence fence) {
        return commit(TableTarget.of(table), hour, data, datacenters, writer, validate, fence);
    }

    /**
     * @param target      the table as it will be (created or evolved by the switch, see {@link TableTarget})
     * @param data        rows shaped like the target's data schema, plus {@code datacenter} when it has it
     * @param datacenters datacenter partitions that must exist even when empty (ignored without datacenter)
     * @param validate    runs after the write, before anything is visible; throwing fails the commit
     */
    public Outcome commit(TableTarget target, Hour hour, Dataset<Row> data, List<String> datacenters, Writer writer,
                          Runnable validate, Fence fence) {
        String commitId = COMMIT_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path staging = commitLocation(target.location(), hour, commitId, Map.of());
        FileSystem fs = fileSystem(staging);
        Switch plan;
        Provenance provenance;
        try {
            steps.accept("write");
            long[] rows = new long[1];
            String checksum = write(target, data, staging, commitId, rows);
            steps.accept("validate");
            validate.run();
            steps.accept("prepare");
            Map<Map<String, String>, Path> partitions = partitionDirs(fs, staging, hour, target.datacenter(), datacenters);
            provenance = new Provenance(writer.job(), writer.stream(), writer.epoch(), writer.action(),
                    clock.instant().toString(), rows[0], checksum, writer.schemaFingerprint(), writer.source(), commitId,
                    Checksums.ALGORITHM, partitions.size());
            for (Path dir : partitions.values()) {
                writeCommitFile(fs, dir, provenance);
            }
            plan = prepare(target, hour, partitions, provenance);
            steps.accept("fence");
            if (fence.check() instanceof FenceDecision.Abort abort) {
                delete(fs, staging);
                return new Outcome.Aborted(abort.reason());
            }
        } catch (Exception e) {
            delete(fs, staging);
            throw e;
        }
        switchTo(plan, staging, fs);
        cleanup(target.location(), hour, commitId, plan.previousCommits());
        return new Outcome.Committed(provenance, List.copyOf(plan.partitions().keySet()));
    }

    private String write(TableTarget target, Dataset<Row> data, Path staging, String commitId, long[] rows) {
        Observation observation = new Observation("commit_" + commitId.replace('-', '_'));
        List<String> dataColumns = Checksums.names(target.dataSchema());
        Dataset<Row> observed = data.observe(observation, count(lit(1)).as("rows"),
                Checksums.checksum(dataColumns).as("checksum"));
        var writerBuilder = observed.write().mode(SaveMode.ErrorIfExists);
        if (target.datacenter()) {
            writerBuilder = writerBuilder.partitionBy(HiveTables.DATACENTER);
        }
        writerBuilder.parquet(staging.toString());
        return Scala.observed(observation, 120).map(r -> {
            rows[0] = r.getLong(0);
            return Checksums.text(r.get(1));
        }).orElseGet(() -> readBack(staging, target.dataSchema(), rows));
    }

    /** One partition of the new commit: where it points and its parameters; {@code old} is what it replaces. */
    private record NewPartition(Map<String, String> spec, Path location, Map<String, String> parameters,
                                CatalogTablePartition old) {
    }

    /** Everything the switch does, computed before the fence. */
    private record Switch(TableTarget target, Hour hour, Map<Map<String, String>, Path> partitions,
                          List<NewPartition> changes, List<CatalogTablePartition> stale, Set<String> previousCommits) {
    }

    private Switch prepare(TableTarget target, Hour hour, Map<Map<String, String>, Path> partitions, Provenance provenance) {
        Map<Map<String, String>, CatalogTablePartition> existing = new LinkedHashMap<>();
        if (target.current().isPresent()) {
            for (CatalogTablePartition p : partitionsOf(target.current().get(), hour)) {
                existing.put(Scala.javaMap(p.spec()), p);
            }
        }
        List<NewPartition> changes = new ArrayList<>();
        for (Map.Entry<Map<String, String>, Path> e : partitions.entrySet()) {
            CatalogTablePartition old = existing.get(e.getKey());
            Map<String, String> params = new LinkedHashMap<>(old == null ? Map.of()
                    : Provenance.withoutProvenance(Scala.javaMap(old.parameters())));
            params.putAll(provenance.toParameters());
            params.put(Provenance.FILES, PartitionFiles.digest(fileSystem(e.getValue()), e.getValue()));
            changes.add(new NewPartition(e.getKey(), e.getValue(), params, old));
        }
        List<CatalogTablePartition> stale = existing.entrySet().stream().filter(e -> !partitions.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        Set<String> previous = new TreeSet<>();
        existing.values().forEach(p -> commitIdOf(target.location(), hour, p.location()).ifPresent(previous::add));
        return new Switch(target, hour, partitions, changes, stale, previous);
    }

    /**
     * The metastore switch. Throws (after restoring what it can) when a call fails; the new commit's files
     * are kept from the first partition call on.
     */
    private void switchTo(Switch plan, Path staging, FileSystem fs) {
        TableTarget target = plan.target();
        ExternalCatalog catalog = spark.sharedState().externalCatalog();
        String db = target.database().value();
        String name = target.name();
        CatalogTable table;
        try {
            steps.accept("switch:table");
            table = target.needsChange() ? tables.apply(target) : target.current().get();
        } catch (Exception e) {
            delete(fs, staging); // no partition points at it yet
            throw new IllegalStateException("cannot " + (target.current().isEmpty() ? "create" : "evolve") + " table "
                    + target.qualifiedName() + " for " + plan.hour() + ": " + Errors.rootMessage(e), e);
        }
        Calls calls = calls(plan, table);
        List<CatalogTablePartition> create = calls.create();
        List<CatalogTablePartition> alter = calls.alter();
        List<scala.collection.immutable.Map<String, String>> createdSpecs = create.stream().map(CatalogTablePartition::spec).toList();
        List<scala.collection.immutable.Map<String, String>> staleSpecs = plan.stale().stream().map(CatalogTablePartition::spec).toList();
        // the calls started, the failing one included: each is undone by an idempotent call if the switch fails
        List<String> started = new ArrayList<>();
        String failedAt = null;
        try {
            if (!create.isEmpty()) {
                failedAt = "switch:create";
                started.add(failedAt);
                steps.accept(failedAt);
                catalog.createPartitions(db, name, Scala.seq(create), false);
            }
            if (!alter.isEmpty()) {
                failedAt = "switch:alter";
                started.add(failedAt);
                steps.accept(failedAt);
                catalog.alterPartitions(db, name, Scala.seq(alter));
            }
            if (!staleSpecs.isEmpty()) {
                failedAt = "switch:drop";
                started.add(failedAt);
                steps.accept(failedAt);
                catalog.dropPartitions(db, name, Scala.seq(staleSpecs), true, false, true);
            }
        } catch (Exception e) {
            String restore = restore(catalog, db, name, started, createdSpecs, calls.previous(), plan.stale());
            refresh(target);
            String where = "the metastore switch of " + target.qualifiedName() + " " + plan.hour() + " to commit "
                    + staging.getName() + " failed at " + failedAt.substring("switch:".length()) + ": "
                    + Errors.rootMessage(e);
            throw new IllegalStateException(restore == null
                    ? where + "; the previous partitions were restored; the new commit's files are kept in " + staging
                            + " (a later commit of the hour deletes them); refine or copy the hour again"
                    : where + "; the previous partitions could not be restored (" + restore + "), so some partitions"
                            + " of the hour may point at the new commit, whose files are kept in " + staging
                            + "; check with 'inspect --database " + db + "' and refine or copy the hour again", e);
        }
        refresh(target);
    }

    /** The partitions to create and to alter (and, for a restore, the altered ones as they were). */
    private record Calls(List<CatalogTablePartition> create, List<CatalogTablePartition> alter,
                         List<CatalogTablePartition> previous) {
    }

    private Calls calls(Switch plan, CatalogTable table) {
        long now = clock.millis() / 1000;
        List<CatalogTablePartition> create = new ArrayList<>();
        List<CatalogTablePartition> alter = new ArrayList<>();
        List<CatalogTablePartition> previous = new ArrayList<>();
        for (NewPartition p : plan.changes()) {
            CatalogStorageFormat base = p.old() == null ? table.storage() : p.old().storage();
            CatalogStorageFormat storage = CatalogStorageFormat.apply(Scala.option(p.location().toUri()),
                    base.inputFormat(), base.outputFormat(), base.serde(), base.compressed(), base.properties(),
                    base.serdeName());
            if (p.old() == null) {
                create.add(CatalogTablePartition.apply(Scala.map(p.spec()), storage, Scala.map(p.parameters()), now, now,
                        scala.Option.empty()));
            } else {
                alter.add(p.old().copy(p.old().spec(), storage, Scala.map(p.parameters()), p.old().createTime(), now,
                        scala.Option.empty()));
                previous.add(p.old());
            }
        }
        return new Calls(create, alter, previous);
    }

    /** Undoes the started switch calls in reverse order; returns null when all succeeded, else what failed. */
    private String restore(ExternalCatalog catalog, String db, String name, List<String> started,
                           List<scala.collection.immutable.Map<String, String>> created,
                           List<CatalogTablePartition> altered, List<CatalogTablePartition> dropped) {
        List<String> failures = new ArrayList<>();
        for (int i = started.size() - 1; i >= 0; i--) {
            String step = started.get(i);
            try {
                switch (step) {
                    case "switch:drop" -> {
                        steps.accept("restore:create");
                        catalog.createPartitions(db, name, Scala.seq(dropped), true);
                    }
                    case "switch:alter" -> {
                        steps.accept("restore:alter");
                        catalog.alterPartitions(db, name, Scala.seq(altered));
                    }
                    case "switch:create" -> {
                        steps.accept("restore:drop");
                        catalog.dropPartitions(db, name, Scala.seq(created), true, false, true);
                    }
                    default -> throw new IllegalStateException("unknown step " + step);
                }
            } catch (Exception e) {
                failures.add("undoing " + step.substring("switch:".length()) + ": " + Errors.rootMessage(e));
            }
        }
        return failures.isEmpty() ? null : String.join("; ", failures);
    }

    private void refresh(TableTarget target) {
        try {
            spark.catalog().refreshTable(target.qualifiedName());
        } catch (Exception e) {
            // best effort: only this session's cached file listing is stale, the metastore is what counts
        }
    }

    /**
     * Deletes the hour's commit directories older (by commit time) than every commit the switch replaced,
     * except the new one: the replaced commit stays, for queries already reading it, until the next commit
     * of the hour. Without a replaced commit of Cutover's nothing is deleted.
     */
    private void cleanup(URI tableLocation, Hour hour, String newCommit, Set<String> previous) {
        if (previous.isEmpty()) {
            return;
        }
        steps.accept("cleanup");
        String oldestKept = previous.stream().map(PartitionCommitter::commitTime).min(String::compareTo).orElseThrow();
        Path hourDir = new Path(new Path(new Path(tableLocation), COMMITS_DIR), hourPath(hour));
        try {
            FileSystem fs = fileSystem(hourDir);
            for (FileStatus s : fs.listStatus(hourDir)) {
                String id = s.getPath().getName();
                if (s.isDirectory() && COMMIT_ID.matcher(id).matches() && !id.equals(newCommit) && !previous.contains(id)
                        && commitTime(id).compareTo(oldestKept) < 0) {
                    delete(fs, s.getPath());
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the commit is visible already; an old commit directory left behind is only garbage,
            // deleted by a later commit
        }
    }

    private static String commitTime(String commitId) {
        Matcher m = COMMIT_ID.matcher(commitId);
        return m.matches() ? m.group(1) : commitId;
    }

    /** The commit id of a partition location inside this table's {@code _commits/<hour>/}, if it is one. */
    static Optional<String> commitIdOf(URI tableLocation, Hour hour, URI location) {
        String prefix = new Path(new Path(new Path(tableLocation), COMMITS_DIR), hourPath(hour)).toUri().getPath() + "/";
        String path = new Path(location).toUri().getPath();
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        String id = path.substring(prefix.length()).split("/")[0];
        return COMMIT_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }

    /**
     * Drops every partition of the hour: metadata first, then the commit directories Cutover wrote for the
     * hour (the dropped ones and any older ones kept for readers); nothing outside {@code <table>/_commits/}.
     */
    public List<Map<String, String>> drop(CatalogTable table, Hour hour) {
        ExternalCatalog catalog = spark.sharedState().externalCatalog();
        String db = table.identifier().database().get();
        String name = table.identifier().table();
        List<CatalogTablePartition> existing = partitionsOf(table, hour);
        List<Map<String, String>> specs = existing.stream().map(p -> Scala.javaMap(p.spec())).toList();
        if (!specs.isEmpty()) {
            catalog.dropPartitions(db, name, Scala.seq(specs.stream().map(Scala::map).toList()), true, false, true);
            spark.catalog().refreshTable(db + "." + name);
            Set<String> dropped = new TreeSet<>();
            existing.forEach(p -> commitIdOf(table.location(), hour, p.location()).ifPresent(dropped::add));
            cleanup(table.location(), hour, null, dropped);
            for (String id : dropped) {
                Path dir = commitLocation(table.location(), hour, id, Map.of());
                delete(fileSystem(dir), dir);
            }
        }
        return specs;
    }

    /** The hour's partitions as the metastore has them now. */
    public List<CatalogTablePartition> partitionsOf(CatalogTable table, Hour hour) {
        return Scala.list(spark.sharedState().externalCatalog().listPartitions(table.identifier().database().get(),
                table.identifier().table(), Scala.option(Scala.map(hourSpec(hour)))));
    }

    public static Map<String, String> hourSpec(Hour hour) {
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("year", Integer.toString(hour.year()));
        spec.put("month", Integer.toString(hour.month()));
        spec.put("day", Integer.toString(hour.day()));
        spec.put("hour", Integer.toString(hour.hourOfDay()));
        return spec;
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
        Path dir = new Path(new Path(new Path(tableLocation), COMMITS_DIR + "/" + hourPath(hour)), commitId);
        String dc = spec.get(HiveTables.DATACENTER);
        return dc == null ? dir : new Path(dir, HiveTables.DATACENTER + "=" + dc);
    }

    static String hourPath(Hour hour) {
        return "year=" + hour.year() + "/month=" + hour.month() + "/day=" + hour.day() + "/hour=" + hour.hourOfDay();
    }

    private Map<Map<String, String>, Path> partitionDirs(FileSystem fs, Path staging, Hour hour, boolean dc,
                                                        List<String> datacenters) {
        Map<Map<String, String>, Path> result = new LinkedHashMap<>();
        try {
            if (!dc) {
                fs.mkdirs(staging);
                result.put(hourSpec(hour), staging);
                return result;
            }
            Set<String> all = new TreeSet<>(datacenters);
            if (fs.exists(staging)) {
                for (FileStatus s : fs.listStatus(staging)) {
                    String n = s.getPath().getName();
                    if (s.isDirectory() && n.startsWith(HiveTables.DATACENTER + "=")) {
                        all.add(n.substring(HiveTables.DATACENTER.length() + 1));
                    }
                }
            }
            for (String d : all) {
                Path dir = new Path(staging, HiveTables.DATACENTER + "=" + d);
                fs.mkdirs(dir);
                Map<String, String> spec = new LinkedHashMap<>();
                spec.put(HiveTables.DATACENTER, d);
                spec.putAll(hourSpec(hour));
                result.put(spec, dir);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare partition directories under " + staging, e);
        }
    }

    private String readBack(Path staging, StructType dataSchema, long[] rows) {
        Row r = spark.read().schema(dataSchema).parquet(staging.toString())
                .agg(count(lit(1)), Checksums.checksum(Checksums.names(dataSchema))).first();
        rows[0] = r.getLong(0);
        return Checksums.text(r.get(1));
    }

    private static void writeCommitFile(FileSystem fs, Path dir, Provenance provenance) {
        try (OutputStream out = fs.create(new Path(dir, COMMIT_FILE), true)) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(out, provenance);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + COMMIT_FILE + " in " + dir, e);
        }
    }

    private FileSystem fileSystem(Path path) {
        try {
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + path, e);
        }
    }

    private static void delete(FileSystem fs, Path path) {
        try {
            fs.delete(path, true);
        } catch (IOException e) {
            // best effort: staged files are never visible, a leftover is only garbage
        }
    }
}
