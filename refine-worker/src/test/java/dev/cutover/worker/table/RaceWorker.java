package dev.cutover.worker.table;

import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.Errors;
import dev.cutover.worker.commit.LeaseTerms;
import dev.cutover.worker.commit.Metastore;
import dev.cutover.worker.commit.PartitionRef;
import dev.cutover.worker.commit.StorageFence;
import dev.cutover.worker.commit.TableDefinition;
import dev.cutover.worker.commit.TableRef;
import dev.cutover.worker.spark.SparkSessions;
import dev.cutover.worker.spark.SparkSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * One worker process of {@link FencedCommitRaceIT}: one Spark session on a remote (Thrift) Hive metastore, driven
 * line by line on stdin; answers on stdout, each answer line starting with {@code @}. It commits with the real
 * {@link PartitionCommitter} on the real {@link HiveMetastore}, and pauses where the test says, until the test
 * writes {@code resume}:
 * <ul>
 *   <li>{@code setup}: creates the database and the table; {@code @ready}</li>
 *   <li>{@code commit <hour> <job> <epoch> <lease ms> <not before|-> <none|fence|read> <id>...}: commits the ids as
 *       the hour's rows; pausing {@code fence} = after its epoch re-check passed ({@code @paused fence}),
 *       {@code read} = after the storage fence read the hour's partitions again, right before the switch's first
 *       write ({@code @paused read}); {@code @committed <commit id>}, {@code @aborted <reason>} or
 *       {@code @failed <error>}</li>
 *   <li>{@code read <hour>}: {@code @partition <epoch> <job> <commit id>} per partition, {@code @rows <ids>},
 *       {@code @end}</li>
 * </ul>
 */
public final class RaceWorker {

    static final DatabaseName DB = DatabaseName.of("race");
    static final String TABLE = "events";

    private final SparkSession spark;
    private final BufferedReader in;
    private final PrintStream out;

    private RaceWorker(SparkSession spark, BufferedReader in, PrintStream out) {
        this.spark = spark;
        this.in = in;
        this.out = out;
    }

    /** {@code <name> <thrift uri> <warehouse dir> <state dir>} */
    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        SparkSession spark = SparkSessions.create(new SparkSettings(Optional.of("local[1]"), Map.of(
                "spark.hadoop.hive.metastore.uris", args[1],
                "spark.sql.warehouse.dir", Path.of(args[2]).toUri().toString(),
                "spark.sql.shuffle.partitions", "1",
                "spark.default.parallelism", "1"), Path.of(args[3]), "race-" + args[0]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("@started " + args[0]);
        new RaceWorker(spark, in, out).serve();
        spark.stop();
    }

    private void serve() throws IOException {
        for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
            String[] words = line.trim().split(" ");
            try {
                switch (words[0]) {
                    case "setup" -> setup(Path.of(words[1]));
                    case "commit" -> commit(words);
                    case "read" -> read(Hour.parse(words[1]));
                    default -> out.println("@failed unknown command '" + line + "'");
                }
            } catch (RuntimeException e) {
                out.println("@failed " + Errors.rootMessage(e).replace('\n', ' '));
            }
        }
    }

    private void setup(Path warehouse) {
        spark.sql("CREATE DATABASE IF NOT EXISTS " + DB.value() + " LOCATION '"
                + warehouse.resolve("race.db").toUri() + "'");
        new HiveTables(spark).ensure(DB, TABLE, (StructType) DataType.fromDDL("id STRING"), false);
        out.println("@ready");
    }

    private void commit(String[] words) {
        Hour hour = Hour.parse(words[1]);
        String job = words[2];
        long epoch = Long.parseLong(words[3]);
        LeaseTerms terms = new LeaseTerms(Duration.ofMillis(Long.parseLong(words[4])),
                words[5].equals("-") ? Optional.empty() : Optional.of(Instant.parse(words[5])));
        String pause = words[6];
        List<String> ids = Arrays.asList(words).subList(7, words.length);
        Clock clock = Clock.systemUTC();
        Metastore hive = new HiveMetastore(spark, clock);
        PartitionCommitter committer = new PartitionCommitter(spark, clock,
                pause.equals("read") ? new PausingAfterRead(hive, () -> pause("read")) : hive);
        Fence fence = () -> {
            FenceDecision passed = FenceDecision.PROCEED; // the epoch re-check passed: that is the point
            if (pause.equals("fence")) {
                pause("fence");
            }
            return passed;
        };
        CatalogTable table = spark.sharedState().externalCatalog().getTable(DB.value(), TABLE);
        List<Row> rows = ids.stream().map(id -> RowFactory.create(id)).toList();
        var outcome = committer.commit(TableTarget.of(table), hour, spark.createDataFrame(rows, table.dataSchema()),
                List.of(), new PartitionCommitter.Writer(job, "race", epoch, "refine", "fp", null), terms, () -> { },
                fence);
        if (outcome instanceof PartitionCommitter.Outcome.Committed c) {
            out.println("@committed " + c.provenance().commitId());
        } else {
            out.println("@aborted " + ((PartitionCommitter.Outcome.Aborted) outcome).reason());
        }
    }

    private void read(Hour hour) {
        TableRef ref = new TableRef(DB, TABLE);
        for (PartitionRef p : new HiveMetastore(spark, Clock.systemUTC()).partitions(ref, hour)) {
            out.println("@partition " + p.parameters().get(StorageFence.EPOCH_PARAMETER) + " "
                    + p.parameters().get("cutover.job") + " " + p.parameters().get("cutover.commit_id"));
        }
        spark.catalog().refreshTable(ref.qualifiedName());
        List<String> ids = spark.table(ref.qualifiedName()).where("year = " + hour.year() + " and month = "
                + hour.month() + " and day = " + hour.day() + " and hour = " + hour.hourOfDay())
                .select("id").as(Encoders.STRING()).collectAsList().stream().sorted().toList();
        out.println("@rows " + String.join(",", ids));
        out.println("@end");
    }

    /** Says where it paused and waits for the test's {@code resume}. */
    private void pause(String where) {
        out.println("@paused " + where);
        try {
            String line = in.readLine();
            if (!"resume".equals(line)) {
                throw new IllegalStateException("paused at " + where + " expecting 'resume', got '" + line + "'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Hive metastore, pausing once right after the first read of an hour's partitions returned. */
    private static final class PausingAfterRead implements Metastore {
        private final Metastore delegate;
        private Runnable pause;

        PausingAfterRead(Metastore delegate, Runnable pause) {
            this.delegate = delegate;
            this.pause = pause;
        }

        @Override
        public List<PartitionRef> partitions(TableRef table, Hour hour) {
            List<PartitionRef> read = delegate.partitions(table, hour);
            Runnable once = pause;
            pause = () -> { };
            once.run();
            return read;
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
