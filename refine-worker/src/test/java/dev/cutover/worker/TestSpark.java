package dev.cutover.worker;

import dev.cutover.worker.spark.SparkSessions;
import dev.cutover.worker.spark.SparkSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The one {@code local[2]} Spark session with Hive support (embedded Derby metastore) shared by every IT
 * class of the test JVM: starting it costs 15-20 s, so it is built once, lazily.
 */
public final class TestSpark {

    private static SparkSession session;
    private static Path stateDir;

    private TestSpark() {
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            try {
                stateDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "spark-state-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Direct SQL off: the ITs always take the metastore's ORM path, the stricter one (it cannot filter on
            // integer partition keys by itself), which the embedded metastore falls back to on its own at times.
            session = SparkSessions.create(new SparkSettings(Optional.of("local[2]"),
                    Map.of("spark.sql.shuffle.partitions", "2", "spark.default.parallelism", "2",
                            "hive.metastore.try.direct.sql", "false"), stateDir, "cutover-it"));
            session.sql("CREATE DATABASE IF NOT EXISTS event");
            session.sql("CREATE DATABASE IF NOT EXISTS event_airflow");
            session.sql("CREATE DATABASE IF NOT EXISTS event_systemd");
        }
        return session;
    }

    public static Path stateDir() {
        get();
        return stateDir;
    }

    public static Path shared() {
        return Path.of(System.getProperty("cutover.shared.dir", "../../shared")).toAbsolutePath().normalize();
    }

    public static Path schemas() {
        return shared().resolve("fixtures/schemas");
    }

    public static Path productionConfig() {
        return shared().resolve("fixtures/streamconfigs/production-all.json");
    }
}
