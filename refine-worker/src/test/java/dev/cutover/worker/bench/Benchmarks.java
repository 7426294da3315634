package dev.cutover.worker.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotParser;
import dev.cutover.streamconfig.TableNames;
import dev.cutover.worker.compare.Comparer;
import dev.cutover.worker.copy.PartitionCopier;
import dev.cutover.worker.generate.RawGenerator;
import dev.cutover.worker.raw.HourRange;
import dev.cutover.worker.raw.RawHour;
import dev.cutover.worker.raw.RawLayout;
import dev.cutover.worker.refine.Refiner;
import dev.cutover.worker.schema.JsonSchemaRepository;
import dev.cutover.worker.schema.StreamSchemas;
import dev.cutover.worker.spark.SparkSessions;
import dev.cutover.worker.spark.SparkSettings;
import dev.cutover.worker.table.Fence;
import dev.cutover.worker.table.HiveTables;
import dev.cutover.worker.table.PartitionCommitter;
import dev.cutover.worker.transform.TransformChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The benchmarks of docs/benchmarks.md (not a test; run by bench/run.sh):
 * <ul>
 *   <li>{@code refine}: refine one hour of N NavigationTiming events vs a plain
 *       {@code spark.read().json(raw).write().parquet(out)} of the same files (schema inference included) and vs
 *       plain-with-schema, {@code spark.read().schema(s).json(raw).write().parquet(out)} with {@code s} the read
 *       schema refine uses (the stream's JSON schema converted by {@link StreamSchemas}, no inference pass);
 *       prints refine/plain and refine/plain-with-schema last;</li>
 *   <li>{@code compare}: compare two N-row partitions, once deciding from the recorded provenance and once
 *       with {@code --full-scan}, vs count(*) of both, vs read-both (one pass reading every data column of both
 *       sides' partitions of the hour, the rows and columns the scan reads, into Spark's {@code noop} sink) and
 *       vs EXCEPT ALL both ways; prints compare(provenance)/count, compare(scan)/read-both and
 *       exceptall/compare(scan) last.</li>
 * </ul>
 * Usage: {@code Benchmarks refine|compare <work dir> <shared dir> [events]}. Each timing is the best of two runs;
 * each run prints its own times.
 */
public final class Benchmarks {

    private static final String STREAM = "eventlogging_NavigationTiming";
    private static final Hour HOUR = Hour.parse("2026-11-22T00");

    public static void main(String[] args) throws Exception {
        String which = args[0];
        Path work = Path.of(args[1]).toAbsolutePath();
        Path shared = Path.of(args[2]).toAbsolutePath();
        int events = args.length > 3 ? Integer.parseInt(args[3]) : 1_000_000;
        Clock clock = Clock.systemUTC();
        Snapshot config = SnapshotParser.parse(Files.readAllBytes(shared.resolve("fixtures/streamconfigs/production-all.json")),
                "production-all.json", Optional.empty(), clock.instant());
        JsonSchemaRepository schemas = new JsonSchemaRepository(shared.resolve("fixtures/schemas"));
        Path raw = work.resolve("raw-" + events);
        if (!Files.exists(RawLayout.hourDir(raw, STREAM, HOUR).resolve(RawLayout.IMPORTED_FLAG))) {
            long t = System.nanoTime();
            new RawGenerator(schemas).generate(config.lookup(STREAM).orElseThrow(),
                    new RawGenerator.Spec(STREAM, HOUR, HOUR, events, 0.01, 0.01, 0, 1, true, true), raw);
            System.out.printf("generated %,d events in %.1f s%n", events, (System.nanoTime() - t) / 1e9);
        }
        SparkSession spark = SparkSessions.create(new SparkSettings(Optional.empty(), Map.of(), work.resolve("state"),
                "cutover-bench"));
        spark.sql("CREATE DATABASE IF NOT EXISTS bench_left");
        spark.sql("CREATE DATABASE IF NOT EXISTS bench_right");
        spark.sql("CREATE DATABASE IF NOT EXISTS bench_bare");
        RawHour hour = new RawLayout(raw, config).discover(STREAM::equals, HourRange.EPOCH, HOUR.next()).get(0);
        StreamSchemas streamSchemas = new StreamSchemas(config, schemas);
        Refiner refiner = new Refiner(spark, streamSchemas, clock, 0.05);
        if (which.equals("refine")) {
            refineVsPlain(spark, refiner, hour, work, streamSchemas.forStream(STREAM).readSchema());
        } else {
            compareVsBaselines(spark, refiner, hour, clock, work.resolve("compare-tables.events"), events);
        }
        spark.stop();
    }

    /** @param readSchema the schema refine reads the raw JSON with (the stream's JSON schema, converted) */
    private static void refineVsPlain(SparkSession spark, Refiner refiner, RawHour hour, Path work,
                                      StructType readSchema) {
        String in = hour.dirs().get(0).path().toString();
        double plain = Double.MAX_VALUE;
        double plainWithSchema = Double.MAX_VALUE;
        double refine = Double.MAX_VALUE;
        double bare = Double.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            long t = System.nanoTime();
            spark.read().json(in).write().mode(SaveMode.Overwrite).parquet(work.resolve("plain-out").toString());
            double p = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            spark.read().schema(readSchema).json(in).write().mode(SaveMode.Overwrite)
                    .parquet(work.resolve("plain-schema-out").toString());
            double ps = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            RefineReport r = refine(refiner, hour, "bench_left");
            double f = (System.nanoTime() - t) / 1e9;
            // where refine's time goes beyond the floor: the same refine with no transforms (no dedupe shuffle)
            t = System.nanoTime();
            RefineReport n = refiner.refine(new Refiner.Request(hour, "bench", TransformChain.parse(""),
                    DatabaseName.of("bench_bare"), 0, Fence.NONE, null));
            double b = (System.nanoTime() - t) / 1e9;
            plain = Math.min(plain, p);
            plainWithSchema = Math.min(plainWithSchema, ps);
            refine = Math.min(refine, f);
            bare = Math.min(bare, b);
            System.out.printf("run %d: plain %.1f s, plain-with-schema %.1f s, refine %.1f s (%,d rows, %s), refine"
                    + " without transforms %.1f s (%,d rows, %s)%n", i + 1, p, ps, f, r.rows(), r.status(), b,
                    n.rows(), n.status());
        }
        System.out.printf("breakdown: refine without transforms / plain-with-schema = %.2f (commit protocol, checksum,"
                + " corrupt-record count, alignment); refine / refine without transforms = %.2f (the transforms:"
                + " deduplicate's shuffle, canary filter, normalized host)%n", bare / plainWithSchema, refine / bare);
        System.out.printf("plain read.json+write.parquet: %.1f s; plain-with-schema read.schema.json+write.parquet:"
                + " %.1f s; refine: %.1f s%n", plain, plainWithSchema, refine);
        System.out.printf("refine/plain = %.2f (target <= 1.3); refine/plain-with-schema = %.2f (target <= 1.15)%n",
                refine / plain, refine / plainWithSchema);
    }

    /**
     * @param marker records the number of events the two tables were made from: tables made from another size
     *               (an earlier run with another event count) are made again even when they compare equal
     */
    private static void compareVsBaselines(SparkSession spark, Refiner refiner, RawHour hour, Clock clock, Path marker,
                                           int events) throws java.io.IOException {
        boolean sameSize = Files.exists(marker) && Files.readString(marker).equals(Integer.toString(events));
        if (!sameSize || new Comparer(spark, clock).compare(STREAM, HOUR, DatabaseName.of("bench_left"),
                DatabaseName.of("bench_right")).verdict() != dev.cutover.protocol.Verdict.PASS) {
            Files.deleteIfExists(marker);
            refine(refiner, hour, "bench_left");
            new PartitionCopier(spark, clock).copy(STREAM, HOUR, DatabaseName.of("bench_left"),
                    DatabaseName.of("bench_right"), "bench", 0, Fence.NONE, null);
            Files.writeString(marker, Integer.toString(events));
        }
        DatabaseName l = DatabaseName.of("bench_left");
        DatabaseName r = DatabaseName.of("bench_right");
        Dataset<Row> left = hourData(spark, l);
        Dataset<Row> right = hourData(spark, r);
        double provenance = Double.MAX_VALUE;
        double scan = Double.MAX_VALUE;
        double count = Double.MAX_VALUE;
        double readBoth = Double.MAX_VALUE;
        double except = Double.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            long t = System.nanoTime();
            Comparer.Result fast = new Comparer(spark, clock).compare(STREAM, HOUR, l, r, false);
            double p = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            Comparer.Result full = new Comparer(spark, clock).compare(STREAM, HOUR, l, r, true);
            double s = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            long n = left.count() + right.count();
            double c = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            left.write().format("noop").mode(SaveMode.Overwrite).save();
            right.write().format("noop").mode(SaveMode.Overwrite).save();
            double rb = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            Dataset<Row> ls = setComparable(left);
            Dataset<Row> rs = setComparable(right);
            long diff = ls.exceptAll(rs).count() + rs.exceptAll(ls).count();
            double e = (System.nanoTime() - t) / 1e9;
            provenance = Math.min(provenance, p);
            scan = Math.min(scan, s);
            count = Math.min(count, c);
            readBoth = Math.min(readBoth, rb);
            except = Math.min(except, e);
            System.out.printf("run %d: compare(provenance) %.2f s (%s by %s, %s rows), compare(scan) %.1f s (%s by %s, %s rows),"
                            + " count(*) both %.2f s (%,d), read-both %.1f s, EXCEPT ALL both ways %.1f s (%,d)%n",
                    i + 1, p, fast.verdict(), fast.detail().method(), fast.detail().left().rows(),
                    s, full.verdict(), full.detail().method(), full.detail().left().rows(),
                    c, n, rb, e, diff);
        }
        System.out.printf("compare(provenance): %.2f s; compare(scan): %.1f s; count(*) of both: %.2f s; read-both: %.1f s;"
                + " EXCEPT ALL both ways: %.1f s; compare(scan)/count = %.2f%n",
                provenance, scan, count, readBoth, except, scan / count);
        System.out.printf("compare(provenance)/count = %.2f (target <= 1.5); compare(scan)/read-both = %.2f (target <= 1.5);"
                + " exceptall/compare(scan) = %.2f (target >= 3)%n", provenance / count, scan / readBoth, except / scan);
    }

    /**
     * The hour's rows of {@code db}'s table with its data columns only: the partitions and columns a compare scan
     * reads (the same selection as {@code Comparer}).
     */
    private static Dataset<Row> hourData(SparkSession spark, DatabaseName db) {
        String table = TableNames.forStream(STREAM);
        CatalogTable t = new HiveTables(spark).table(db, table).orElseThrow();
        Column where = lit(true);
        for (Map.Entry<String, String> e : PartitionCommitter.hourSpec(HOUR).entrySet()) {
            where = where.and(col("`" + e.getKey() + "`").equalTo(Integer.parseInt(e.getValue())));
        }
        List<Column> data = new ArrayList<>();
        for (StructField f : t.dataSchema().fields()) {
            data.add(col("`" + f.name() + "`"));
        }
        return spark.table(db.quoted() + ".`" + table + "`").where(where).select(data.toArray(Column[]::new));
    }

    /** EXCEPT ALL cannot take map columns: those become their JSON text (the same content). */
    private static Dataset<Row> setComparable(Dataset<Row> ds) {
        List<Column> cols = new ArrayList<>();
        for (StructField f : ds.schema().fields()) {
            boolean hasMap = f.dataType() instanceof MapType || f.dataType().catalogString().contains("map<");
            cols.add(hasMap ? to_json(col("`" + f.name() + "`")).as(f.name()) : col("`" + f.name() + "`"));
        }
        return ds.select(cols.toArray(Column[]::new));
    }

    private static RefineReport refine(Refiner refiner, RawHour hour, String db) {
        return refiner.refine(new Refiner.Request(hour, "bench", TransformChain.defaults(), DatabaseName.of(db), 0,
                Fence.NONE, null));
    }
}
