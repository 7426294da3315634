package dev.cutover.worker;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotParser;
import dev.cutover.worker.generate.RawGenerator;
import dev.cutover.worker.raw.HourRange;
import dev.cutover.worker.raw.RawHour;
import dev.cutover.worker.raw.RawLayout;
import dev.cutover.worker.refine.DoneMarkers;
import dev.cutover.worker.refine.Refiner;
import dev.cutover.worker.report.ReportSink;
import dev.cutover.worker.route.RouteProvider;
import dev.cutover.worker.schema.JsonSchemaRepository;
import dev.cutover.worker.schema.StreamSchemas;
import dev.cutover.worker.transform.TransformChain;
import dev.cutover.worker.work.RoutedRefine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Shared helpers of the ITs: real config, real schemas, generated raw input, a routed refine pass. */
public final class Fixtures {

    public static final Clock CLOCK = Clock.systemUTC();
    public static final Snapshot CONFIG = load();

    private Fixtures() {
    }

    private static Snapshot load() {
        try {
            return SnapshotParser.parse(Files.readAllBytes(TestSpark.productionConfig()), "production-all.json",
                    Optional.empty(), CLOCK.instant());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonSchemaRepository schemas() {
        return new JsonSchemaRepository(TestSpark.schemas());
    }

    public static List<RawGenerator.HourSummary> generate(Path raw, String stream, String from, String to, int events,
                                                          double dup, double canary, double corrupt, long seed) {
        try {
            return new RawGenerator(schemas()).generate(CONFIG.lookup(stream).orElseThrow(),
                    new RawGenerator.Spec(stream, Hour.parse(from), Hour.parse(to), events, dup, canary, corrupt, seed,
                            true, true), raw);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Like {@link #generate} but plain (uncompressed) JSON lines. */
    public static List<RawGenerator.HourSummary> generatePlain(Path raw, String stream, String from, String to, int events,
                                                               long seed) {
        try {
            return new RawGenerator(schemas()).generate(CONFIG.lookup(stream).orElseThrow(),
                    new RawGenerator.Spec(stream, Hour.parse(from), Hour.parse(to), events, 0, 0, 0, seed, false, true), raw);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Cuts {@code bytes} off the end of the (valid) gzip file of one generated hour, as an interrupted copy
     * would: the hour keeps its {@code _IMPORTED} flag but can no longer be decompressed. Returns the file.
     */
    public static Path truncateGzip(Path raw, String hour, int bytes) {
        Hour h = Hour.parse(hour);
        String suffix = "/year=" + h.year() + "/month=" + String.format("%02d", h.month()) + "/day="
                + String.format("%02d", h.day()) + "/hour=" + String.format("%02d", h.hourOfDay());
        try (java.util.stream.Stream<Path> files = Files.walk(raw)) {
            Path gz = files.filter(f -> f.getFileName().toString().endsWith(".gz")
                    && f.getParent().toString().replace('\\', '/').endsWith(suffix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no .gz file for " + hour + " under " + raw));
            byte[] all = Files.readAllBytes(gz);
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(all))) {
                in.readAllBytes(); // it was valid before
            }
            Files.write(gz, java.util.Arrays.copyOf(all, all.length - bytes));
            return gz;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static List<RawHour> hours(Path raw) {
        return new RawLayout(raw, CONFIG).discover(s -> true, HourRange.EPOCH, Hour.parse("2100-01-01T00"));
    }

    /** A routed pass with the default transforms; reports are collected in {@code sink}. */
    public static RoutedRefine.Summary refine(String job, Path raw, RouteProvider routes, Path stateDir,
                                              List<RefineReport> sink, boolean ignoreDone,
                                              double corruptThreshold, String transforms) {
        Refiner refiner = new Refiner(TestSpark.get(), new StreamSchemas(CONFIG, schemas()), CLOCK, corruptThreshold);
        ReportSink collect = r -> sink.add((RefineReport) r);
        return new RoutedRefine(refiner, routes, new DoneMarkers(stateDir), collect, CLOCK, System.err)
                .run(job, TransformChain.parse(transforms), hours(raw), ignoreDone);
    }

    public static List<RefineReport> reports() {
        return new CopyOnWriteArrayList<>();
    }

    public static Dataset<Row> hour(String db, String table, String hour) {
        Hour h = Hour.parse(hour);
        return TestSpark.get().table(db + "." + table).where("year = " + h.year() + " and month = " + h.month()
                + " and day = " + h.day() + " and hour = " + h.hourOfDay());
    }
}
