package dev.cutover.worker.table;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.protocol.Hour;
import dev.cutover.worker.commit.CommitLayout;
import dev.cutover.worker.spark.Scala;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The files of a commit, before anything points at them: writes the rows into the commit's directory (one
 * {@code datacenter=} sub-directory per datacenter, an empty directory for an empty partition), counting the rows
 * and the content checksum ({@link Checksums}) in the same pass; then records the commit's provenance in each
 * partition directory ({@code _COMMIT.json}) and digests its data files ({@link PartitionFiles}).
 */
final class StagedWrite {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;

    StagedWrite(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * What was written.
     *
     * @param partitions each partition's spec and directory, in spec order (datacenters sorted)
     */
    record Staged(long rows, String checksum, Map<Map<String, String>, URI> partitions) {

        Staged {
            partitions = Collections.unmodifiableMap(new LinkedHashMap<>(partitions));
        }
    }

    /**
     * Writes {@code data} into {@code staging}, which must not exist.
     *
     * @param datacenters datacenter partitions that must exist even when empty (ignored without datacenter)
     */
    Staged write(TableTarget target, Hour hour, Dataset<Row> data, List<String> datacenters, URI staging,
                 String commitId) {
        Path dir = new Path(staging);
        Observation observation = new Observation("commit_" + commitId.replace('-', '_'));
        Dataset<Row> observed = data.observe(observation, count(lit(1)).as("rows"),
                Checksums.checksum(Checksums.names(target.dataSchema())).as("checksum"));
        var writer = observed.write().mode(SaveMode.ErrorIfExists);
        if (target.datacenter()) {
            writer = writer.partitionBy(HiveTables.DATACENTER);
        }
        writer.parquet(dir.toString());
        Row counted = Scala.observed(observation, 120).orElseGet(() -> readBack(dir, target.dataSchema()));
        return new Staged(counted.getLong(0), Checksums.text(counted.get(1)),
                partitionDirs(fileSystem(dir), dir, hour, target.datacenter(), datacenters));
    }

    /**
     * Writes {@code _COMMIT.json} into each partition directory and returns each partition's data file digest
     * ({@link PartitionFiles#digest}), in the order of {@link Staged#partitions}.
     */
    Map<Map<String, String>, String> seal(Staged staged, Provenance provenance) {
        Map<Map<String, String>, String> digests = new LinkedHashMap<>();
        for (Map.Entry<Map<String, String>, URI> p : staged.partitions().entrySet()) {
            Path dir = new Path(p.getValue());
            FileSystem fs = fileSystem(dir);
            writeCommitFile(fs, dir, provenance);
            digests.put(p.getKey(), PartitionFiles.digest(fs, dir));
        }
        return digests;
    }

    private static Map<Map<String, String>, URI> partitionDirs(FileSystem fs, Path staging, Hour hour, boolean dc,
                                                               List<String> datacenters) {
        Map<Map<String, String>, URI> result = new LinkedHashMap<>();
        try {
            if (!dc) {
                fs.mkdirs(staging);
                result.put(CommitLayout.hourSpec(hour), staging.toUri());
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
                spec.putAll(CommitLayout.hourSpec(hour));
                result.put(spec, dir.toUri());
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare partition directories under " + staging, e);
        }
    }

    /** Rows and checksum read back from the written files, when Spark reported no metrics for the write. */
    private Row readBack(Path staging, StructType dataSchema) {
        return spark.read().schema(dataSchema).parquet(staging.toString())
                .agg(count(lit(1)), Checksums.checksum(Checksums.names(dataSchema))).first();
    }

    private static void writeCommitFile(FileSystem fs, Path dir, Provenance provenance) {
        try (OutputStream out = fs.create(new Path(dir, CommitLayout.COMMIT_FILE), true)) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(out, provenance);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + CommitLayout.COMMIT_FILE + " in " + dir, e);
        }
    }

    private FileSystem fileSystem(Path path) {
        try {
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + path, e);
        }
    }
}
