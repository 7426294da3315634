package dev.cutover.worker.cli;

import dev.cutover.worker.spark.SparkSettings;
import java.io.PrintStream;
import java.time.Clock;
import java.util.function.Function;

/**
 * What commands get from the process: output streams, the clock, and how a Spark session is obtained
 * (tests pass their shared session; the real entry point builds one with {@code SparkSessions}).
 * The factory is typed loosely so that commands that never touch Spark (generate) never load it.
 */
public record WorkerContext(PrintStream out, PrintStream err, Clock clock, Function<SparkSettings, Object> sessions) {

    public static WorkerContext system(Clock clock) {
        return new WorkerContext(System.out, System.err, clock, SparkFactory::create);
    }

    /** Kept apart so that loading {@link WorkerContext} does not load Spark. */
    private static final class SparkFactory {
        static Object create(SparkSettings settings) {
            return dev.cutover.worker.spark.SparkSessions.create(settings);
        }
    }
}
