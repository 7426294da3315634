package dev.cutover.controller.service;

import dev.cutover.controller.http.ApiClient;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.routelog.StateDirectoryInUseException;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.SourceOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, finding 4: two controllers on one state directory both said "ready, active", routed the same hour
 * differently and overwrote each other's journal. The second one now refuses to start, naming the holder.
 */
class OneControllerPerStateDirectoryIT {

    static final String NAV = "eventlogging_NavigationTiming";

    @TempDir
    Path dir;

    private Path config() throws Exception {
        Path config = dir.resolve("streams.json");
        if (!Files.exists(config)) {
            Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json"), config);
            Files.writeString(dir.resolve("plan.yaml"), "cluster: lock-test\norder: [" + NAV + "]\n");
        }
        return config;
    }

    private List<String> args() throws Exception {
        return List.of("--config-source", config().toString(), "--plan", dir.resolve("plan.yaml").toString(),
                "--state-dir", dir.resolve("state").toString(), "--host", "127.0.0.1", "--port", "0",
                "--poll-interval", "200ms");
    }

    private Map<String, String> options() throws Exception {
        List<String> args = args();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            options.put(args.get(i).substring(2), args.get(i + 1));
        }
        return options;
    }

    private ConfigTracker tracker() throws Exception {
        return new ConfigTracker(ConfigSources.open(config().toString(), SourceOptions.defaults()),
                dir.resolve("state").resolve("config"), Clock.systemUTC(),
                TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(200)));
    }

    private ControllerService startOnTheJournal() throws Exception {
        return ControllerService.start(MigrationPlan.defaults(List.of(NAV)), tracker(), Optional.empty(),
                new JournalRouteLog(dir.resolve("state")), Clock.systemUTC(), ControllerService.Options.loopback());
    }

    @Test
    void aSecondControllerProcessOnTheSameStateDirectoryExitsWith2NamingTheHolder() throws Exception {
        Path journal = dir.resolve("state").resolve(JournalRouteLog.FILE_NAME);
        try (ControllerProcess first = ControllerProcess.start(args())) {
            ApiClient api = new ApiClient(first.url(), Optional.empty());
            await("first ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> api.get("/ready").status() == 200);
            byte[] before = Files.readAllBytes(journal);

            ControllerProcess.Exited second = ControllerProcess.runToExit(args());

            assertThat(second.code()).as(second.output()).isEqualTo(2);
            assertThat(second.output()).contains(dir.resolve("state").toRealPath().toString())
                    .contains("pid " + first.pid()).contains("listening on " + first.url())
                    .contains("--state-dir");
            assertThat(Files.readAllBytes(journal)).as("the first controller's journal, untouched by the second")
                    .startsWith(before);
            assertThat(api.get("/ready").status()).isEqualTo(200);
        }
    }

    @Test
    void aSecondServiceInTheSameJvmIsRefusedTheSameWayAndMayStartOnceTheFirstHasStopped() throws Exception {
        Path journal = dir.resolve("state").resolve(JournalRouteLog.FILE_NAME);
        try (ControllerService first = ControllerService.start(ControllerConfig.fromMap(options()),
                Clock.systemUTC())) {
            first.pollNow().get();
            byte[] before = Files.readAllBytes(journal);

            assertThatThrownBy(this::startOnTheJournal).isInstanceOf(StateDirectoryInUseException.class)
                    .hasMessageContaining(dir.resolve("state").toRealPath().toString())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("listening on " + first.url())
                    .hasMessageContaining("--state-dir");
            assertThatThrownBy(() -> ControllerService.start(ControllerConfig.fromMap(options()), Clock.systemUTC()))
                    .isInstanceOf(StateDirectoryInUseException.class);
            assertThat(ControllerProcess.runToExit(args()).code())
                    .as("refusing in the same JVM did not release the lock for other processes").isEqualTo(2);
            assertThat(Files.readAllBytes(journal)).as("the first controller's journal, untouched by the second")
                    .startsWith(before);
        }
        try (ControllerService again = startOnTheJournal()) {
            assertThat(again.port()).isPositive();
        }
    }
}
