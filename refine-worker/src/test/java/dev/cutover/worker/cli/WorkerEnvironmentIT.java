package dev.cutover.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's settings come from {@code CUTOVER_*} environment variables when the options are absent (the Helm
 * chart sets both). Each case runs the worker in a child JVM with its own environment and stops at a configuration
 * error that names the value taken from the environment, before any Spark session starts.
 */
class WorkerEnvironmentIT {

    private record Run(int code, String output) {
    }

    private static Run work(Path dir, Map<String, String> env) throws IOException, InterruptedException {
        return run(dir, env, "work", "--job", "legacy");
    }

    private static Run run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path output = dir.resolve("worker.out");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), WorkerMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CUTOVER_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("worker exited within 60 s").isTrue();
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    @Test
    void withoutTheVariableTheRawDirIsAMissingOption(@TempDir Path dir) throws Exception {
        Run run = work(dir, Map.of("CUTOVER_CONTROLLER_URL", "http://127.0.0.1:1"));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.output()).contains("Missing required option: '--raw-dir");
    }

    @Test
    void controllerUrlComesFromTheEnvironment(@TempDir Path dir) throws Exception {
        Run run = work(dir, Map.of("CUTOVER_RAW_DIR", dir.toString(), "CUTOVER_CONTROLLER_URL", "ftp://controller.example"));
        assertThat(run.code()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("ftp://controller.example").contains("not an http(s) URL")
                .doesNotContain("Missing required option");
    }

    @Test
    void withoutOptionOrVariableTheConfigSourceIsRequiredNotTakenFromSomeDefaultFile(@TempDir Path dir)
            throws Exception {
        Run run = work(dir, Map.of("CUTOVER_RAW_DIR", dir.toString(), "CUTOVER_CONTROLLER_URL", "http://127.0.0.1:1",
                "CUTOVER_STATE_DIR", dir.resolve("state").toString()));
        assertThat(run.code()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("--config-source is required").contains("CUTOVER_CONFIG_SOURCE");
        assertThat(List.of(run.output().split("\n"))).noneMatch(line -> line.contains("SparkContext"));
    }

    @Test
    void withoutOptionOrVariableTheSchemaRepositoryIsRequiredNotTakenFromSomeDefaultDirectory(@TempDir Path dir)
            throws Exception {
        Map<String, String> env = Map.of("CUTOVER_RAW_DIR", dir.toString(), "CUTOVER_CONTROLLER_URL",
                "http://127.0.0.1:1", "CUTOVER_CONFIG_SOURCE", TestSpark.productionConfig().toString(),
                "CUTOVER_STATE_DIR", dir.resolve("state").toString());
        Run work = work(dir, env);
        assertThat(work.code()).as(work.output()).isEqualTo(2);
        assertThat(work.output()).contains("--schema-repo is required").contains("CUTOVER_SCHEMA_REPO");
        assertThat(List.of(work.output().split("\n"))).noneMatch(line -> line.contains("SparkContext"));

        Run generate = run(dir, env, "generate", "--stream", "eventlogging_NavigationTiming", "--hours",
                "2026-11-22T00..2026-11-22T00", "--events-per-hour", "1", "--raw-dir", dir.resolve("raw").toString());
        assertThat(generate.code()).as(generate.output()).isEqualTo(2);
        assertThat(generate.output()).contains("--schema-repo is required");
    }

    @Test
    void configSourceComesFromTheEnvironment(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such-streams.json");
        Run run = work(dir, Map.of("CUTOVER_RAW_DIR", dir.toString(), "CUTOVER_CONTROLLER_URL", "http://127.0.0.1:1",
                "CUTOVER_CONFIG_SOURCE", missing.toString(), "CUTOVER_STATE_DIR", dir.resolve("state").toString()));
        assertThat(run.code()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains(missing.toString());
        assertThat(List.of(run.output().split("\n"))).noneMatch(line -> line.contains("SparkContext"));
    }

    @Test
    void theGeoipDatabaseOfGeocodeIpComesFromTheEnvironmentAndTheFlagWinsOverIt(@TempDir Path dir) throws Exception {
        Path fromEnv = dir.resolve("env-GeoIP2-City.mmdb");
        Map<String, String> env = Map.of("CUTOVER_RAW_DIR", dir.toString(), "CUTOVER_GEOIP_DB", fromEnv.toString(),
                "CUTOVER_STATE_DIR", dir.resolve("state").toString());
        Run run = run(dir, env, "refine", "--job", "airflow", "--database", "event", "--transforms",
                "deduplicate,geocode_ip@eventlogging_NavigationTiming");
        assertThat(run.code()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("transforms of job airflow").contains(fromEnv.toString())
                .contains("does not exist");
        assertThat(List.of(run.output().split("\n"))).noneMatch(line -> line.contains("SparkContext"));

        Path fromFlag = dir.resolve("flag-GeoIP2-City.mmdb");
        Run flag = run(dir, env, "refine", "--job", "airflow", "--database", "event", "--transforms", "geocode_ip",
                "--geoip-db", fromFlag.toString());
        assertThat(flag.code()).as(flag.output()).isEqualTo(2);
        assertThat(flag.output()).contains(fromFlag.toString()).doesNotContain(fromEnv.toString());
    }
}
