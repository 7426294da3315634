package dev.cutover.worker.cli;

import dev.cutover.streamconfig.ConfigParseException;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotParser;
import dev.cutover.worker.schema.JsonSchemaRepository;
import dev.cutover.worker.spark.SparkSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every worker command shares: state directory, stream config, schema repository, Spark. */
public final class CommonOptions {

    @Option(names = "--state-dir", description = "State directory (embedded metastore, warehouse, done-markers)."
            + " Default: $CUTOVER_STATE_DIR or ./.cutover")
    Path stateDir;

    @Option(names = "--config-source", defaultValue = "${env:CUTOVER_CONFIG_SOURCE}",
            description = "Stream config file (JSON/YAML, MediaWiki streamconfigs shape); required by the commands"
            + " that read stream config (refine, work, evolve, generate). Default: $CUTOVER_CONFIG_SOURCE")
    Path configSource;

    @Option(names = "--schema-repo", defaultValue = "${env:CUTOVER_SCHEMA_REPO}",
            description = "Local schema repository (<title>/<x.y.z>.json); required by the commands that read"
            + " schemas (refine, work, evolve, generate). Default: $CUTOVER_SCHEMA_REPO")
    Path schemaRepo;

    @Option(names = "--spark-master", description = "Spark master (default local[*]; yarn, k8s://... on a cluster)")
    String sparkMaster;

    @Option(names = "--conf", description = "Spark/Hive setting, repeatable: --conf key=value. With"
            + " hive.metastore.uris (or spark.hadoop.hive.metastore.uris) no embedded Derby metastore is used.")
    Map<String, String> conf = new LinkedHashMap<>();

    static Path home() {
        return Path.of(System.getProperty("cutover.home", System.getProperty("user.dir"))).toAbsolutePath();
    }

    Path stateDir() {
        if (stateDir != null) {
            return stateDir.toAbsolutePath();
        }
        String env = System.getenv("CUTOVER_STATE_DIR");
        return env != null && !env.isBlank() ? Path.of(env).toAbsolutePath()
                : Path.of(System.getProperty("user.dir"), ".cutover").toAbsolutePath();
    }

    /** The stream config file; there is no default (a worker must never read some other deployment's config). */
    Path configSource() {
        if (configSource == null) {
            throw new IllegalArgumentException("--config-source is required: the stream config file (JSON/YAML,"
                    + " MediaWiki streamconfigs shape) this worker reads; pass --config-source FILE or set"
                    + " CUTOVER_CONFIG_SOURCE");
        }
        return configSource;
    }

    /** The schema repository; there is no default, like {@link #configSource()}. */
    JsonSchemaRepository schemas() {
        if (schemaRepo == null) {
            throw new IllegalArgumentException("--schema-repo is required: the local schema repository"
                    + " (<title>/<x.y.z>.json) this worker reads; pass --schema-repo DIR or set CUTOVER_SCHEMA_REPO");
        }
        if (!Files.isDirectory(schemaRepo)) {
            throw new IllegalArgumentException("schema repository " + schemaRepo + " does not exist; pass"
                    + " --schema-repo DIR (or set CUTOVER_SCHEMA_REPO)");
        }
        return new JsonSchemaRepository(schemaRepo);
    }

    Snapshot config(Clock clock) {
        Path file = configSource();
        if (file.toString().startsWith("http:") || file.toString().startsWith("https:")) {
            throw new IllegalArgumentException("--config-source " + file + ": the worker reads stream config from a"
                    + " file; save the API response to a file and pass its path");
        }
        try {
            return SnapshotParser.parse(Files.readAllBytes(file), file.toString(), Optional.empty(), clock.instant());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read stream config " + file + ": " + e.getMessage()
                    + "; pass --config-source", e);
        } catch (ConfigParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    SparkSettings spark(String appName) {
        return new SparkSettings(Optional.ofNullable(sparkMaster), conf, stateDir(), appName);
    }
}
