package dev.cutover.controller.routelog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.service.ControllerService;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A config that brings many streams at once (a first start, a big import) is reconciled in groups stored as one
 * journal record each: one fsync per group, not per stream. With one append per stream, 1,500 new streams took
 * 1,500 fsyncs and a compaction of the whole state every 1,000 appends (at 50,000 streams, minutes).
 */
class ReconcileGroupsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void fifteenHundredNewStreamsAreStoredInAFewRecordsAndAllRestore() throws Exception {
        ObjectNode production = (ObjectNode) JSON.readTree(Path.of(System.getProperty("cutover.shared.dir"),
                "fixtures/streamconfigs/production-all.json").toFile()).get("streams");
        List<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> named = new ArrayList<>();
        production.properties().forEach(e -> {
            if (!e.getKey().startsWith("/")
                    && e.getValue().at("/consumers/analytics_hive_ingestion/enabled").asBoolean(false)) {
                named.add(e);
            }
        });
        ObjectNode streams = JSON.createObjectNode();
        for (int i = 0; i < 1500; i++) {
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = named.get(i % named.size());
            streams.set(e.getKey() + "_n" + i, e.getValue());
        }
        Path config = dir.resolve("streams.json");
        Files.write(config, JSON.writeValueAsBytes(JSON.createObjectNode().set("streams", streams)));
        ConfigTracker tracker = new ConfigTracker(ConfigSources.open(config.toString(), SourceOptions.defaults()),
                dir.resolve("config"), Clock.systemUTC(), TrackerPolicy.defaults().withPollInterval(Duration.ofHours(1)));

        try (ControllerService service = ControllerService.start(MigrationPlan.defaults(List.of()), tracker,
                Optional.empty(), new JournalRouteLog(dir.resolve("state")), Clock.systemUTC(),
                ControllerService.Options.loopback())) {
            service.pollNow().get(2, TimeUnit.MINUTES);
            assertThat(service.view().states()).hasSize(1500);
        }

        byte[] journal = Files.readAllBytes(dir.resolve("state").resolve(JournalRouteLog.FILE_NAME));
        JournalReader.Contents contents = JournalReader.read(journal);
        assertThat(contents.records()).as("journal records for 1,500 new streams").isLessThanOrEqualTo(10);
        assertThat(JournalRouteLog.readOnly(dir.resolve("state")).routes()).hasSize(1500);
    }
}
