package dev.cutover.controller.cli;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.controller.service.FlagWriter;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.LayeredConfigSource;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.SourceOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/** The CLI commands against real files and a real controller on loopback (port 0). */
class CliIT {

    static final String NAV = "eventlogging_NavigationTiming";

    @TempDir
    Path dir;

    private Path config() throws Exception {
        Path config = dir.resolve("streams.json");
        Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json"), config);
        return config;
    }

    private Path plan() throws Exception {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, "cluster: cli-test\norder: [" + NAV + "]\noverride_layer: overrides.json\n");
        return plan;
    }

    @Test
    void controllerReportsEveryConfigurationProblemAtOnceAndExitsWith2() {
        CliRun r = CliRun.of("controller", "--config-source", "", "--plan", dir.resolve("missing.yaml").toString(), "--port",
                "99999", "--poll-interval", "soon", "--token-file", dir.resolve("nope").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--config-source (CUTOVER_CONFIG_SOURCE) is required")
                .contains("missing.yaml: no such file").contains("--port 99999 is out of range")
                .contains("--poll-interval: 'soon' is not a duration").contains("--token-file");
    }

    @Test
    void aControllerWithAnEmptyTokenFileOrOnAllAddressesWithoutATokenRefusesToStartWith2() throws Exception {
        Path empty = Files.writeString(dir.resolve("token"), "\n");
        List<String> common = List.of("controller", "--config-source", config().toString(), "--plan",
                plan().toString(), "--state-dir", dir.resolve("state").toString(), "--port", "0");

        CliRun emptyToken = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.of(with(common, "--host",
                "127.0.0.1", "--token-file", empty.toString())));
        CliRun noToken = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.of(with(common)));

        assertThat(emptyToken.code()).isEqualTo(2);
        assertThat(emptyToken.err()).contains("--token-file " + empty + " is empty");
        assertThat(noToken.code()).isEqualTo(2);
        assertThat(noToken.err()).contains("--host 0.0.0.0", "--insecure-no-token");
        assertThat(dir.resolve("state")).as("nothing started").doesNotExist();
    }

    private static String[] with(List<String> common, String... more) {
        List<String> args = new java.util.ArrayList<>(common);
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aBadOptionAndAnInvalidPlanArePrintedTogetherAndExitWith2() throws Exception {
        Path plan = Files.writeString(dir.resolve("bad-plan.yaml"), "cluster: cli-test\nmax_concurrent_cutovers: 0\n");

        CliRun r = CliRun.of("controller", "--config-source", config().toString(), "--plan", plan.toString(), "--port", "-1",
                "--state-dir", dir.resolve("state").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--port -1 is out of range")
                .contains("--plan " + plan + ": order: a non-empty list of streams is required")
                .contains("--plan " + plan + ": max_concurrent_cutovers must be a positive whole number");
        assertThat(dir.resolve("state")).as("nothing started").doesNotExist();
    }

    @Test
    void statusAndEventsReadARunningController() throws Exception {
        Path config = config();
        OverrideLayer layer = OverrideLayer.open(dir.resolve("overrides.json"), Clock.systemUTC());
        ConfigTracker tracker = new ConfigTracker(new LayeredConfigSource(
                ConfigSources.open(config.toString(), SourceOptions.defaults()), layer), dir.resolve("config"),
                Clock.systemUTC(), TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(200)));
        try (ControllerService service = ControllerService.start(MigrationPlan.defaults(List.of(NAV)), tracker,
                Optional.of(layer), new JournalRouteLog(dir.resolve("state")), Clock.systemUTC(),
                ControllerService.Options.loopback())) {
            layer.set(NAV, CutoverSettings.DEFAULTS.flagPointer(), TextNode.valueOf("bogus"), "fred", "typo");
            await("the invalid flag").atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
                service.pollNow().get();
                return service.view().state(NAV).map(s -> s.phase().name().equals("INVALID")).orElse(false);
            });

            CliRun status = CliRun.of("status", "--url", service.url());
            assertThat(status.code()).isZero();
            assertThat(status.out().lines().findFirst().orElseThrow()).startsWith("STREAM").contains("PHASE")
                    .contains("LEADER").contains("EPOCH").contains("LAST VERDICTS");
            assertThat(status.out()).containsPattern(NAV + "\\s+INVALID\\s+legacy\\s+1")
                    .contains("'bogus', which is not allowed");

            CliRun watch = CliRun.of("status", "--url", service.url(), "--watch", "--interval", "100ms", "--count",
                    "2");
            assertThat(watch.code()).isZero();
            assertThat(watch.out().split("Every 100ms: cutover status of " + service.url(), -1)).hasSize(3);
            assertThat(watch.out()).containsPattern("\\d+ streams: SHADOW \\d+, INVALID 1")
                    .containsPattern(NAV + "\\s+INVALID\\s+legacy\\s+1").doesNotContain(StatusCommand.CLEAR);

            CliRun events = CliRun.of("events", "--url", service.url(), "--stream", NAV);
            assertThat(events.code()).isZero();
            assertThat(events.out()).contains("[controller] SHADOW -> INVALID").contains("by fred: typo");

            CliRun accept = CliRun.of("accept-override-layer", "--url", service.url(), "--revision", "1", "--why", "T1");
            assertThat(accept.code()).as("nothing is held, so there is nothing to accept").isEqualTo(2);
            assertThat(accept.err()).contains("answered HTTP 409");
        }
        CliRun down = CliRun.of("status", "--url", "http://127.0.0.1:9");
        assertThat(down.code()).isEqualTo(2);
        assertThat(down.err()).contains("no controller at http://127.0.0.1:9");
        CliRun watchingNothing = CliRun.of("status", "--url", "http://127.0.0.1:9", "--watch", "--interval", "50ms",
                "--count", "2");
        assertThat(watchingNothing.code()).as("a watch goes on while the controller is away").isZero();
        assertThat(watchingNothing.out().split("no controller at http://127.0.0.1:9", -1)).hasSize(3);
        CliRun badInterval = CliRun.of("status", "--watch", "--interval", "soon");
        assertThat(badInterval.code()).isEqualTo(2);
        assertThat(badInterval.err()).contains("--interval").contains("'soon' is not a duration");
    }

    @Test
    void promoteAndRollbackWriteTheOverrideLayerAsAnEngineerWould() {
        Path file = dir.resolve("layer.json");
        OverrideLayer layer = OverrideLayer.open(file, Clock.systemUTC());

        CliRun promote = CliRun.of("promote", NAV, "--override-file", file.toString(), "--who", "alice", "--why", "T123",
                "--no-controller-check");
        assertThat(promote.code()).as(promote.err()).isZero();
        assertThat(promote.out()).contains("(base) -> \"event\"").contains("by alice");
        assertThat(promote.err()).contains("not asking a controller", "--no-controller-check");
        assertThat(layer.get(NAV, CutoverSettings.DEFAULTS.flagPointer())).contains(TextNode.valueOf("event"));
        assertThat(layer.history().get(0).why()).isEqualTo("T123");

        assertThat(CliRun.of("promote", NAV, "--override-file", file.toString(), "--no-controller-check").out())
                .contains("nothing written");

        CliRun rollback = CliRun.of("rollback", NAV, "--override-file", file.toString(), "--who", "bob",
                "--no-controller-check");
        assertThat(rollback.code()).isZero();
        assertThat(layer.get(NAV, CutoverSettings.DEFAULTS.flagPointer())).isEmpty();
        assertThat(layer.history()).last().satisfies(r -> {
            assertThat(r.who()).isEqualTo("bob");
            assertThat(r.why()).isEqualTo("manual rollback (./cutover rollback)");
        });
    }

    @Test
    void promoteRefusesWhenItCannotAskTheControllerWhichVersionOfTheLayerItRecorded() {
        Path file = dir.resolve("layer.json");

        CliRun r = CliRun.of("promote", NAV, "--override-file", file.toString(), "--url", "http://127.0.0.1:9");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot ask the controller at http://127.0.0.1:9",
                "nothing was written to " + file, "--url (CUTOVER_URL)", "--no-controller-check");
        assertThat(file).doesNotExist();
    }

    @Test
    void promoteWithoutAWritableLayerSaysHowToFixIt() {
        CliRun r = CliRun.of("promote", NAV, "--state-dir", dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no writable override layer: pass --override-file FILE or --plan PLAN");
    }

    @Test
    void planShowsWhatTheControllerWouldDoAndWritesNothing() throws Exception {
        Path config = config();
        Path plan = plan();
        Path state = dir.resolve("state");
        OverrideLayer.open(state.resolve("overrides.json"), Clock.systemUTC())
                .set(NAV, CutoverSettings.DEFAULTS.flagPointer(), TextNode.valueOf("event"), "gina", "try");

        CliRun r = CliRun.of("plan", "--config-source", config.toString(), "--plan", plan.toString(), "--state-dir",
                state.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Plan for cli-test")
                .contains("+ " + NAV + ": (new) -> BLOCKED epoch 1")
                .contains("+ mediawiki.page-delete: (new) -> SHADOW epoch 1")
                .contains("stream(s) unchanged")
                .contains("legacy: nothing");
        assertThat(state.resolve(JournalRouteLog.FILE_NAME)).doesNotExist();
    }
}
