package dev.cutover.demo;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.http.ApiVerticle;
import dev.cutover.controller.http.Views;
import dev.cutover.controller.kafka.KafkaSettings;
import dev.cutover.controller.model.HourObservation;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.PlanLoader;
import dev.cutover.protocol.Hour;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./cutover demo}: the whole story on embedded defaults. Generates raw hours for five streams, starts the
 * controller in-process on a file config source with a writable override layer, runs the legacy and the new
 * worker (real Spark, via the launcher) hour by hour and shows: NavigationTiming promoted under a comparison rule (its
 * new job adds a column the plan expects), the group page-create + revision-create promoted with one flag write, cut
 * over at one hour and rolled back together by reverting one member's entry, page-delete held back by FAIL verdicts
 * (its new job drops a column) and page_change held back by LATE hours (its new job starts every hour well after its
 * input); it ends with the I1-I3 proof for every production partition, read back from the warehouse. With
 * {@code --kafka} the control plane lives on Kafka (an in-process broker, or {@code --kafka-bootstrap}): routes, audit
 * events and the worker's reports go through its topics.
 */
public final class Demo {

    static final String NAV = "eventlogging_NavigationTiming";
    static final String CREATE = "mediawiki.page-create";
    static final String REVISION = "mediawiki.revision-create";
    static final String GROUP = "edits";
    static final String DELETE = "mediawiki.page-delete";
    static final String LATE = "mediawiki.page_change.v1";
    static final String DROPPED_COLUMN = "parsedcomment";
    static final String ADDED_COLUMN = "is_wmf_domain";
    static final Hour H0 = Hour.parse("2026-11-22T00");

    private final DemoOptions options;
    private final PrintStream out;
    private final DemoPaths paths;
    private final Narrator narrator;
    private final Shell shell;
    private final WorkerCommands worker;
    private final Clock clock = Clock.systemUTC();

    Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.paths = DemoPaths.of(options);
        this.narrator = new Narrator(out, options.streams());
        this.shell = new Shell(paths.home(), paths.logs(), out);
        this.worker = new WorkerCommands(paths);
    }

    /** Runs the story; returns the exit code (non-zero when a step failed or an invariant is violated). */
    int run() throws Exception {
        paths.prepare();
        try (DemoLogging logging = DemoLogging.toFile(paths.logs().resolve("controller.log"))) {
            return runLogged();
        }
    }

    private int runLogged() throws Exception {
        MigrationPlan plan = PlanLoader.load(paths.plan(), paths.state());
        narrator.step("Cutover demo: " + options.streams().size() + " streams, " + options.hours()
                + " data hours from " + H0 + " (state: " + paths.state() + ")");
        out.println("  plan: NavigationTiming first, then the group '" + GROUP + "' [" + CREATE + ", " + REVISION
                + "] (they move together), " + plan.canary().consecutivePassHours() + " consecutive PASS hours"
                + " promote, auto_promote on, two cutovers at a time; the new job (airflow) drops column '"
                + DROPPED_COLUMN + "' of " + DELETE + " (a bug the canary must catch), adds '" + ADDED_COLUMN + "' to"
                + " NavigationTiming (expected: compare_rules added_columns) and starts " + LATE + " "
                + WorkerCommands.LATE_START + " after its input is complete (the plan allows 40 s after legacy)");

        narrator.step("1. Generate schema-valid raw events (Gobblin layout), released one hour at a time");
        int seed = 1;
        for (String stream : options.streams()) {
            List<String> args = worker.generate(stream, H0, options.hours(), options.eventsPerHour(), seed++);
            if (shell.run("generate-" + stream, args).exitCode() != 0) {
                return 1;
            }
        }
        out.println("    generated " + options.hours() + " hours for " + options.streams());

        narrator.step("2. Start the controller (file config source + writable override layer, " + (options.kafka()
                ? "routes, audit events and reports on Kafka)" : "route log in the state dir)"));
        try (DemoController controller = DemoController.start(options, paths, plan, out)) {
            ControllerState started = controller.view();
            out.println("    controller ready at " + controller.url() + " ("
                    + started.leadership().role().wireName() + "; route log: " + controller.routeLog() + "); "
                    + started.streams().size() + " managed streams, all in SHADOW (legacy leads)");
            out.println("    console: " + console(controller) + " (the migration board in a browser; the demo's"
                    + " steps show there live)");
            int result = story(controller);
            if (result != 0) {
                return result;
            }
            result = new Proof(shell, worker, paths, narrator).run(controller.view());
            out.printf("  demo took %d s%n", narrator.elapsed().toSeconds());
            lookFurther(controller);
            if (options.keepRunning()) {
                out.println("  (controller kept running at " + controller.url() + "; open the console at "
                        + console(controller) + "; Ctrl-C to stop)");
                controller.awaitStop();
            }
            return result;
        }
    }

    /** Steps 3-6: one worker JVM for both jobs; hour by hour the promotion, the held-back stream, the rollback. */
    private int story(DemoController controller) throws Exception {
        List<String> kafkaArgs = controller.workerKafkaArgs();
        narrator.step("3. Start ONE worker JVM running both jobs in a loop (real Spark, embedded Derby metastore)"
                + (kafkaArgs.isEmpty() ? "" : "; its reports go to the Kafka reports topic"));
        List<String> args = worker.work(controller.url(), kafkaArgs);
        out.println("    ./cutover " + String.join(" ", args));
        int rollbackBefore = options.hours() - 1;
        try (Shell.Background loop = shell.start("worker", args)) {
            for (int h = 0; h < options.hours(); h++) {
                Hour hour = H0.plusHours(h);
                if (h == rollbackBefore && !rollBack(controller, loop)) {
                    return 1;
                }
                int released = RawHours.release(paths.staging(), paths.raw(), hour, clock.instant());
                narrator.step((h < rollbackBefore ? "4" : "6") + ". Hour " + hour + " arrives (" + released
                        + " raw directories with _IMPORTED); the workers refine, compare" + (h == rollbackBefore
                        ? ", and restore production by copies" : ""));
                if (!awaitHour(controller, loop, hour)) {
                    return 1;
                }
                narrator.events(controller.view());
                narrator.status(controller.view());
            }
            if (!awaitLate(controller, loop)) {
                return 1;
            }
        }
        ControllerState end = controller.view();
        for (String member : List.of(CREATE, REVISION)) {
            if (!phaseIs(end, member, Phase.SHADOW)) {
                out.println("  ! " + member + " did not finish its group's rollback (phase " + phase(end, member) + ")");
                return 1;
            }
        }
        if (!phaseIs(end, NAV, Phase.PROMOTED) && !phaseIs(end, NAV, Phase.READY_TO_DECOMMISSION)) {
            out.println("  ! NavigationTiming is not promoted at the end (phase " + phase(end, NAV) + ")");
            return 1;
        }
        return 0;
    }

    /**
     * Step 5: reverts page-create's flag through the override layer, as {@code ./cutover rollback} does; the controller
     * rolls its whole group back (revision-create too, at the same hour) and reverts the other member's flag.
     */
    private boolean rollBack(DemoController controller, Shell.Background loop) throws Exception {
        ControllerState state = controller.view();
        for (String stream : List.of(NAV, CREATE, REVISION)) {
            if (!phaseIs(state, stream, Phase.PROMOTED) && !phaseIs(state, stream, Phase.CUTOVER)) {
                out.println("  ! " + stream + " was not promoted (phase " + phase(state, stream) + "); see the events"
                        + " above and " + loop.log());
                return false;
            }
        }
        narrator.step("5. Roll the group '" + GROUP + "' back: revert " + CREATE + "'s config entry (what './cutover"
                + " rollback " + CREATE + "' does); its group goes with it");
        controller.rollBack(CREATE, "demo-engineer", "page-creation dashboards look off after the switch; reverting"
                + " to legacy");
        narrator.events(controller.view());
        return true;
    }

    /**
     * The late stream: its new job lands each hour after the plan's margin, so its hours are LATE and it is held back
     * although its content PASSes. Waits (deadline, not a sleep) until the controller has judged one hour LATE.
     */
    private boolean awaitLate(DemoController controller, Shell.Background loop) throws Exception {
        narrator.step("6b. " + LATE + ": its new job starts every hour " + WorkerCommands.LATE_START + " after the input;"
                + " its hours land LATE and it is held back (waiting for it to catch up)");
        // the proof needs every hour in the new job's shadow too (I3): wait until the late job has caught up
        Hour last = H0.plusHours(options.hours() - 1);
        boolean late = controller.await(state -> Views.verdicts(state, LATE, 48).stream()
                .anyMatch(v -> v.verdict().equals("LATE")) && lateCaughtUp(state, last), Duration.ofMinutes(4),
                loop.exited());
        if (!late) {
            out.println("  ! " + LATE + " has no LATE hour or its new job did not catch up; worker log: " + loop.log());
            return false;
        }
        Views.verdicts(controller.view(), LATE, 48).stream().filter(v -> v.verdict().equals("LATE")).findFirst()
                .ifPresent(v -> out.println("    " + LATE + " " + v.hour() + ": " + String.join("; ", v.reasons())));
        narrator.status(controller.view());
        return true;
    }

    /** Every hour of the late stream up to {@code last} has the new job's output, and no work is listed. */
    private boolean lateCaughtUp(ControllerState state, Hour last) {
        for (Hour h = H0; !h.isAfter(last); h = h.next()) {
            if (!state.observed(LATE).at(h).touchedBy("airflow")) {
                return false;
            }
        }
        return Views.work(state, "legacy").isEmpty() && Views.work(state, "airflow").isEmpty();
    }

    /** Waits until every demo stream has both jobs' output and production for the hour and no work is listed. */
    private boolean awaitHour(DemoController controller, Shell.Background loop, Hour hour) throws Exception {
        Duration timeout = Duration.ofMinutes(options.fast() ? 4 : 6);
        if (controller.await(state -> hourDone(state, hour), timeout, loop.exited())) {
            narrator.commits(controller.view());
            return true;
        }
        ControllerState state = controller.view();
        out.println("  ! hour " + hour + " did not complete (" + (loop.exited().isDone() ? "worker exited"
                : "timed out after " + timeout.toMinutes() + " min") + "); work lists: legacy "
                + Views.work(state, "legacy") + ", airflow " + Views.work(state, "airflow") + "; worker log: "
                + loop.log());
        narrator.failures(state);
        return false;
    }

    private boolean hourDone(ControllerState state, Hour hour) {
        String production = state.settings().productionDatabase().value();
        for (String stream : options.streams()) {
            HourObservation obs = state.observed(stream).at(hour);
            // the late stream's new job starts each hour well after legacy: the demo does not wait for it
            boolean airflowDone = stream.equals(LATE) || obs.touchedBy("airflow");
            if (!obs.touchedBy("legacy") || !airflowDone || obs.in(production).isEmpty()) {
                return false;
            }
        }
        return Views.work(state, "legacy").isEmpty() && Views.work(state, "airflow").isEmpty();
    }

    /** The web console's address on the demo's controller. */
    private static String console(DemoController controller) {
        return controller.url() + ApiVerticle.CONSOLE;
    }

    /** The commands to look further: the controller again on the demo's state, status, events, inspect, curl. */
    private void lookFurther(DemoController controller) {
        narrator.step("Look further");
        String restart = "./cutover controller --config-source " + paths.config() + " --plan " + paths.plan()
                + " --state-dir " + paths.controller() + " --override-file " + paths.overrides() + " --port 8642";
        if (controller.kafka().isPresent() && !options.keepRunning()) {
            KafkaSettings k = controller.kafka().get();
            out.println("  control plane: " + controller.routeLog());
            out.println("  " + (options.kafkaBootstrap().isPresent() ? "its topics stay on " + k.bootstrap()
                    + "; start a controller on them again:" : "the in-process broker stops with the demo; against a"
                    + " broker of your own (./cutover demo --kafka-bootstrap HOST:PORT) a controller starts on the"
                    + " demo's topics again with:"));
            out.println("    " + restart + " --kafka-bootstrap " + k.bootstrap() + " --kafka-routes-topic "
                    + k.routesTopic() + " --kafka-events-topic " + k.eventsTopic() + " --kafka-reports-topic "
                    + k.reportsTopic() + " --kafka-leader-topic " + k.leaderTopic());
            out.println("  " + worker.inspectForPeople("event"));
            out.println("  logs: " + paths.logs());
            return;
        }
        if (options.keepRunning()) {
            out.println("  console: " + console(controller));
            out.println("  ./cutover status --url " + controller.url() + " --watch");
            out.println("  ./cutover events --url " + controller.url());
            out.println("  curl " + controller.url() + "/v1/streams/" + NAV);
        } else {
            out.println("  the demo's controller stops now; start it again on the demo's state (or rerun the demo with"
                    + " --keep-running):");
            out.println("    " + restart);
            out.println("    ./cutover status; ./cutover events --stream " + NAV
                    + "; curl http://127.0.0.1:8642/v1/streams/" + NAV);
            out.println("    and open the console at http://127.0.0.1:8642" + ApiVerticle.CONSOLE);
        }
        out.println("  " + worker.inspectForPeople("event"));
        out.println("  logs: " + paths.logs() + "   route log: " + paths.controller().resolve("routes.journal"));
    }

    private static boolean phaseIs(ControllerState state, String stream, Phase phase) {
        return state.state(stream).map(s -> s.phase() == phase).orElse(false);
    }

    private static String phase(ControllerState state, String stream) {
        return state.state(stream).map(s -> s.phase().name()).orElse("unmanaged");
    }
}
