package dev.cutover.demo;

import dev.cutover.protocol.Hour;

import java.util.ArrayList;
import java.util.List;

/**
 * The worker commands the demo runs through the launcher, every path explicit: the stream config the controller
 * reads too, the schema repository beside the checkout, the workers' own state directory.
 */
final class WorkerCommands {

    /**
     * What the new job (airflow) does differently: it drops a column of page-delete (a bug the canary catches) and adds
     * the column {@code is_wmf_domain} to NavigationTiming (an improvement the plan's comparison rule expects).
     */
    static final String NEW_JOB_TRANSFORMS = "remove_canary_events,deduplicate,add_normalized_host,drop_columns("
            + Demo.DROPPED_COLUMN + ")@" + Demo.DELETE + ",add_is_wmf_domain@" + Demo.NAV;

    /**
     * How long after an hour's raw input is complete the new job starts refining the late stream (an Airflow DAG
     * scheduled with a delay): well beyond the plan's timeliness margin.
     */
    static final String LATE_START = "75s";

    private final DemoPaths paths;

    WorkerCommands(DemoPaths paths) {
        this.paths = paths;
    }

    /** Schema-valid raw events of {@code hours} hours from {@code first}, into the staging area. */
    List<String> generate(String stream, Hour first, int hours, int eventsPerHour, int seed) {
        return List.of("generate", "--stream", stream, "--hours", first + ".." + first.plusHours(hours - 1),
                "--events-per-hour", String.valueOf(eventsPerHour), "--raw-dir", paths.staging().toString(),
                "--canary", "0.05", "--duplicates", "0.05", "--seed", String.valueOf(seed),
                "--config-source", paths.config().toString(), "--schema-repo", paths.schemas().toString());
    }

    /** One worker JVM running both jobs in a loop against the controller (and the Kafka topics, if any). */
    List<String> work(String controllerUrl, List<String> kafkaArgs) {
        List<String> args = new ArrayList<>(List.of("work", "--job", "legacy", "--job", "airflow", "--controller",
                controllerUrl, "--raw-dir", paths.raw().toString(), "--loop", "--poll-interval", "1s", "--migrate",
                "--state-dir", paths.worker().toString(), "--config-source", paths.config().toString(),
                "--schema-repo", paths.schemas().toString(), "--job-transforms", "airflow=" + NEW_JOB_TRANSFORMS,
                "--start-delay", "airflow=" + LATE_START + "@" + java.util.regex.Pattern.quote(Demo.LATE)));
        args.addAll(kafkaArgs);
        return args;
    }

    /** Every partition of {@code database} with its provenance, as JSON on stdout. */
    List<String> inspect(String database) {
        return List.of("inspect", "--database", database, "--json", "--state-dir", paths.worker().toString(),
                "--config-source", paths.config().toString());
    }

    /** The same, for people (the "Look further" block). */
    String inspectForPeople(String database) {
        return "./cutover inspect --database " + database + " --state-dir " + paths.worker() + " --config-source "
                + paths.config();
    }
}
