package dev.cutover.worker.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;

/** Builds the one Spark session (with Hive support) a worker process uses. */
public final class SparkSessions {

    private SparkSessions() {
    }

    public static SparkSession create(SparkSettings settings) {
        if (!settings.remoteMetastore()) {
            try {
                Files.createDirectories(settings.stateDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create state directory " + settings.stateDir(), e);
            }
            if (System.getProperty("derby.stream.error.file") == null) {
                System.setProperty("derby.stream.error.file",
                        settings.stateDir().resolve("derby.log").toAbsolutePath().toString());
            }
        }
        SparkSession.Builder builder = SparkSession.builder().enableHiveSupport();
        settings.effectiveConf().forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
