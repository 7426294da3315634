package dev.cutover.worker;

import dev.cutover.protocol.Hour;
import dev.cutover.worker.cli.WorkerContext;
import dev.cutover.worker.raw.RawLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./cutover <command>} run in-process, as the launcher runs it (WorkerMain with the test JVM's one Spark
 * session), and raw hours written by hand: the real path from JSON-lines files on disk to the Hive table.
 */
public record WorkerRun(int code, String out, String err) {

    /** Runs {@code args} and returns the exit code and both streams. */
    public static WorkerRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WorkerContext ctx = new WorkerContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Fixtures.CLOCK, s -> TestSpark.get());
        int code = WorkerMain.run(args, ctx);
        return new WorkerRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Writes one complete raw hour of {@code topicDir} as Gobblin leaves it: a plain JSON-lines file, then the
     * {@code _IMPORTED} flag.
     */
    public static Path rawHour(Path raw, String topicDir, String hour, List<String> lines) {
        Path dir = RawLayout.hourDir(raw, topicDir, Hour.parse(hour));
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("part-00000.json"), lines, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(RawLayout.IMPORTED_FLAG), "");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
