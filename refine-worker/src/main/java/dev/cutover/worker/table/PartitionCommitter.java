package dev.cutover.worker.table;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.model.Hour;
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

/**
 * Makes one (table, hour) visible atomically and idempotently:
 * <ol>
 *   <li>writes the rows to a fresh commit directory {@code <table>/_commits/year=/month=/day=/hour=/<commit id>/}
 *       (one {@code datacenter=} sub-directory per datacenter; empty partitions get an empty directory),
 *       counting rows and the content checksum in the same pass;</li>
 *   <li>runs the caller's validation (e.g. the corrupt-record threshold) and writes {@code _COMMIT.json};</li>
 *   <li>re-checks the epoch ({@link Fence}); if it moved, deletes the commit directory and aborts;</li>
 *   <li>points the hour's partitions at the new directories with their provenance in the partition
 *       parameters, plus each partition's data file digest ({@link PartitionFiles}; compare's provenance
 *       fast path relies on all of it) (create / alter / drop through the metastore: each partition switches atomically,
 *       readers see either the old or the new files, never a mix), then deletes the old commit directories.</li>
 * </ol>
 * Anything failing before step 4 leaves the old partitions untouched and the staged files deleted.
 */
public final class PartitionCommitter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter COMMIT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    public static final String COMMITS_DIR = "_commits";
    public static final String COMMIT_FILE = "_COMMIT.json";

    private final SparkSession spark;
    private final Clock clock;

    public PartitionCommitter(SparkSession spark, Clock clock) {
        this.spark = spark;
        this.clock = clock;
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

    /**
     * @param data        rows shaped like the table's data schema, plus {@code datacenter} when the table has it
     * @param datacenters datacenter partitions that must exist even when empty (ignored without datacenter)
     * @param validate    runs after the write, before anything is visible; throwing fails the commit
     */
    public Outcome commit(CatalogTable table, Hour hour, Dataset<Row> data, List<String> datacenters, Writer writer,
                          Runnable validate, Fence fence) {
        boolean dc = HiveTables.hasDatacenter(table);
        String commitId = COMMIT_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path staging = commitLocation(table, hour, commitId, Map.of());
        FileSystem fs = fileSystem(staging);
        try {
            Observation observation = new Observation("commit_" + commitId.replace('-', '_'));
            List<String> dataColumns = Checksums.names(table.dataSchema());
            Dataset<Row> observed = data.observe(observation, count(lit(1)).as("rows"),
                    Checksums.checksum(dataColumns).as("checksum"));
            var writerBuilder = observed.write().mode(SaveMode.ErrorIfExists);
            if (dc) {
                writerBuilder = writerBuilder.partitionBy(HiveTables.DATACENTER);
            }
            writerBuilder.parquet(staging.toString());
            long[] rows = new long[1];
            String checksum = Scala.observed(observation, 120).map(r -> {
                rows[0] = r.getLong(0);
                return Checksums.text(r.get(1));
            }).orElseGet(() -> readBack(staging, table, rows));
            validate.run();
            Map<Map<String, String>, Path> partitions = partitionDirs(fs, staging, hour, dc, datacenters);
            Provenance provenance = new Provenance(writer.job(), writer.stream(), writer.epoch(), writer.action(),
                    clock.instant().toString(), rows[0], checksum, writer.schemaFingerprint(), writer.source(), commitId,
                    Checksums.ALGORITHM, partitions.size());
            for (Path dir : partitions.values()) {
                writeCommitFile(fs, dir, provenance);
            }
            Optional<String> abort = fence.check();
            if (abort.isPresent()) {
                delete(fs, staging);
                return new Outcome.Aborted(abort.get());
            }
            swap(table, hour, partitions, provenance);
            return new Outcome.Committed(provenance, List.copyOf(partitions.keySet()));
        } catch (RuntimeException e) {
            delete(fs, staging);
            throw e;
        }
    }

    /** Drops every partition of the hour (metadata first, then the commit directories Cutover wrote). */
    public List<Map<String, String>> drop(CatalogTable table, Hour hour) {
        ExternalCatalog catalog = spark.sharedState().externalCatalog();
        String db = table.identifier().database().get();
        String name = table.identifier().table();
        List<CatalogTablePartition> existing = partitionsOf(table, hour);
        List<Map<String, String>> specs = existing.stream().map(p -> Scala.javaMap(p.spec())).toList();
        if (!specs.isEmpty()) {
            catalog.dropPartitions(db, name, Scala.seq(specs.stream().map(Scala::map).toList()), true, false, true);
            spark.catalog().refreshTable(db + "." + name);
            existing.forEach(p -> deleteIfOurs(table, p.location()));
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
        Path dir = new Path(new Path(new Path(table.location()), COMMITS_DIR + "/" + hourPath(hour)), commitId);
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

    private void swap(CatalogTable table, Hour hour, Map<Map<String, String>, Path> partitions, Provenance provenance) {
        ExternalCatalog catalog = spark.sharedState().externalCatalog();
        String db = table.identifier().database().get();
        String name = table.identifier().table();
        Map<Map<String, String>, CatalogTablePartition> existing = new LinkedHashMap<>();
        for (CatalogTablePartition p : partitionsOf(table, hour)) {
            existing.put(Scala.javaMap(p.spec()), p);
        }
        List<CatalogTablePartition> create = new ArrayList<>();
        List<CatalogTablePartition> alter = new ArrayList<>();
        for (Map.Entry<Map<String, String>, Path> e : partitions.entrySet()) {
            CatalogTablePartition old = existing.get(e.getKey());
            Map<String, String> params = new LinkedHashMap<>(old == null ? Map.of()
                    : Provenance.withoutProvenance(Scala.javaMap(old.parameters())));
            params.putAll(provenance.toParameters());
            params.put(Provenance.FILES, PartitionFiles.digest(fileSystem(e.getValue()), e.getValue()));
            CatalogStorageFormat base = old == null ? table.storage() : old.storage();
            CatalogStorageFormat storage = CatalogStorageFormat.apply(Scala.option(e.getValue().toUri()),
                    base.inputFormat(), base.outputFormat(), base.serde(), base.compressed(), base.properties(),
                    base.serdeName());
            long now = clock.millis() / 1000;
            if (old == null) {
                create.add(CatalogTablePartition.apply(Scala.map(e.getKey()), storage, Scala.map(params), now, now,
                        scala.Option.empty()));
            } else {
                alter.add(old.copy(old.spec(), storage, Scala.map(params), old.createTime(), now, scala.Option.empty()));
            }
        }
        List<Map<String, String>> stale = existing.keySet().stream().filter(s -> !partitions.containsKey(s)).toList();
        if (!create.isEmpty()) {
            catalog.createPartitions(db, name, Scala.seq(create), false);
        }
        if (!alter.isEmpty()) {
            catalog.alterPartitions(db, name, Scala.seq(alter));
        }
        if (!stale.isEmpty()) {
            catalog.dropPartitions(db, name, Scala.seq(stale.stream().map(Scala::map).toList()), true, false, true);
        }
        spark.catalog().refreshTable(db + "." + name);
        existing.values().forEach(p -> deleteIfOurs(table, p.location()));
    }

    /** Deletes an old commit directory; never anything outside {@code <table>/_commits/}. */
    private void deleteIfOurs(CatalogTable table, URI location) {
        Path old = new Path(location);
        String commits = new Path(new Path(table.location()), COMMITS_DIR).toUri().getPath() + "/";
        if (!old.toUri().getPath().startsWith(commits)) {
            return;
        }
        FileSystem fs = fileSystem(old);
        delete(fs, old);
        Path parent = old.getParent();
        try {
            if (parent != null && parent.getName().matches("\\d{8}T\\d{6}-[0-9a-f]{8}") && fs.exists(parent)
                    && fs.listStatus(parent).length == 0) {
                fs.delete(parent, false);
            }
        } catch (IOException e) {
            // best effort: an empty directory left behind is harmless
        }
    }

    private String readBack(Path staging, CatalogTable table, long[] rows) {
        Row r = spark.read().schema(table.dataSchema()).parquet(staging.toString())
                .agg(count(lit(1)), Checksums.checksum(Checksums.names(table.dataSchema()))).first();
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
