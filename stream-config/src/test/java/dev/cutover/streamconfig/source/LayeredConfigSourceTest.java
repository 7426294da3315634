package dev.cutover.streamconfig.source;

import static dev.cutover.streamconfig.source.OverrideLayerTest.FLAG;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotDiff;
import dev.cutover.streamconfig.StreamConfig;
import dev.cutover.streamconfig.SwitchState;
import dev.cutover.streamconfig.testing.FakeClock;
import dev.cutover.streamconfig.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredConfigSourceTest {

    @TempDir
    Path dir;

    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");
    private FileConfigSource base;
    private OverrideLayer layer;
    private LayeredConfigSource layered;

    @BeforeEach
    void setUp() {
        Path config = dir.resolve("config.json");
        Fixtures.write(config, Fixtures.bytes(Fixtures.sample()));
        base = new FileConfigSource(config, clock);
        layer = OverrideLayer.open(dir.resolve("overrides.json"), clock);
        layered = new LayeredConfigSource(base, layer);
    }

    private Snapshot changed(FetchResult result) {
        assertThat(result).isInstanceOf(FetchResult.Changed.class);
        return ((FetchResult.Changed) result).snapshot();
    }

    @Test
    void deepMergesTheFlagOverTheBaseEntryKeepingEverythingElse() {
        Snapshot plain = changed(base.fetch(Optional.empty()));
        layer.set("eventlogging_NavigationTiming", FLAG, TextNode.valueOf("event"), "alice", "T1");

        Snapshot merged = changed(layered.fetch(Optional.empty()));

        StreamConfig before = plain.streams().get("eventlogging_NavigationTiming");
        StreamConfig after = merged.streams().get("eventlogging_NavigationTiming");
        assertThat(after.hiveDatabase()).contains("event");
        assertThat(after.topics()).isEqualTo(before.topics());
        assertThat(after.hiveIngestionEnabled()).isTrue();
        assertThat(after.setting("/consumers/analytics_hadoop_ingestion")).isEqualTo(
                before.setting("/consumers/analytics_hadoop_ingestion"));
        assertThat(SwitchState.read(after.name(), after, CutoverSettings.DEFAULTS).leader()).contains("airflow");
        assertThat(SnapshotDiff.between(Optional.of(plain), merged).changed())
                .containsExactly(java.util.Map.entry("eventlogging_NavigationTiming",
                        java.util.List.of("/consumers/analytics_hive_ingestion/hive_database")));
        assertThat(merged.streams().keySet()).containsExactlyElementsOf(plain.streams().keySet());
        assertThat(merged.version()).hasValueSatisfying(v -> assertThat(v).endsWith("+overrides.r1"));
        assertThat(layered.problems()).isEmpty();
    }

    @Test
    void neverInventsAStreamForAnOverrideThatMatchesNothing() {
        layer.set("eventlogging_NoSuchStream", FLAG, TextNode.valueOf("event"), "alice", "typo");
        layer.set("eventlogging_NavigationTiming", FLAG, TextNode.valueOf("event"), "alice", "T1");

        Snapshot merged = changed(layered.fetch(Optional.empty()));

        assertThat(merged.streams()).doesNotContainKey("eventlogging_NoSuchStream").hasSize(27);
        assertThat(merged.lookup("eventlogging_NavigationTiming").flatMap(StreamConfig::hiveDatabase)).contains("event");
        assertThat(layered.problems()).singleElement().asString()
                .contains("eventlogging_NoSuchStream", "not applied");
    }

    @Test
    void materializesAStreamMatchedByARegexKeyWithItsOwnNameAndTopics() {
        layer.set("mediawiki.job.refreshLinks", FLAG, TextNode.valueOf("event"), "alice", "try a job stream");

        Snapshot merged = changed(layered.fetch(Optional.empty()));

        StreamConfig job = merged.lookup("mediawiki.job.refreshLinks").orElseThrow();
        assertThat(job.isRegex()).isFalse();
        assertThat(job.name()).isEqualTo("mediawiki.job.refreshLinks");
        assertThat(job.text(com.fasterxml.jackson.core.JsonPointer.compile("/stream"))).contains("mediawiki.job.refreshLinks");
        assertThat(job.topics()).containsExactly("eqiad.mediawiki.job.refreshLinks", "codfw.mediawiki.job.refreshLinks");
        assertThat(job.schemaTitle()).contains("mediawiki/job");
        assertThat(job.hiveDatabase()).contains("event");
        assertThat(merged.lookup("mediawiki.job.other").map(StreamConfig::name)).contains("/^mediawiki\\.job\\..+/");
        assertThat(layered.problems()).isEmpty();
    }

    @Test
    void isUnchangedUntilTheBaseOrTheLayerChangesAndRevertRestoresTheBaseContent() {
        Snapshot plain = changed(base.fetch(Optional.empty()));
        Snapshot first = changed(layered.fetch(Optional.empty()));
        assertThat(first.contentHash()).isEqualTo(plain.contentHash());
        assertThat(layered.fetch(Optional.of(first))).isInstanceOf(FetchResult.Unchanged.class);

        layer.set("pageview.v1", FLAG, TextNode.valueOf("event"), "alice", "promote");
        Snapshot promoted = changed(layered.fetch(Optional.of(first)));
        assertThat(layered.fetch(Optional.of(promoted))).isInstanceOf(FetchResult.Unchanged.class);

        layer.revert("pageview.v1", FLAG, "bob", "rollback");
        Snapshot reverted = changed(layered.fetch(Optional.of(promoted)));
        assertThat(reverted.contentHash()).isEqualTo(plain.contentHash());
        assertThat(reverted.version()).hasValueSatisfying(v -> assertThat(v).endsWith("+overrides.r2"));
    }

    @Test
    void carriesTheLayersLineageAndAWriteThatLeavesTheContentAsItWasIsStillAChange() {
        layer.set("pageview.v1", FLAG, TextNode.valueOf("event"), "alice", "promote");
        Snapshot first = changed(layered.fetch(Optional.empty()));
        assertThat(first.overrideLineage()).contains(layer.state().lineage());
        assertThat(first.overrideHead()).contains(layer.head());

        layer.set("pageview.v1", FLAG, TextNode.valueOf("event"), "bob", "promote again");
        Snapshot again = changed(layered.fetch(Optional.of(first)));

        assertThat(again.contentHash()).isEqualTo(first.contentHash());
        assertThat(again.overrideRevision()).hasValue(2);
        assertThat(again.overrideHead()).contains(layer.head());
        assertThat(layered.fetch(Optional.of(again))).isInstanceOf(FetchResult.Unchanged.class);
    }

    @Test
    void stampsASnapshotBuiltAfterAnOverrideChangeWithTheLastTimeTheBaseWasChecked() {
        Snapshot first = changed(layered.fetch(Optional.empty()));
        clock.advance(Duration.ofMinutes(10));
        assertThat(layered.fetch(Optional.of(first))).isEqualTo(new FetchResult.Unchanged(clock.instant()));
        Instant checked = clock.instant();

        layer.set("pageview.v1", FLAG, TextNode.valueOf("event"), "alice", "promote");
        Snapshot promoted = changed(layered.fetch(Optional.of(first)));

        assertThat(first.fetchedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(promoted.fetchedAt()).isEqualTo(checked);
    }

    @Test
    void passesBaseFailuresThroughUnchanged() throws Exception {
        java.nio.file.Files.delete(dir.resolve("config.json"));

        assertThat(layered.fetch(Optional.empty())).isInstanceOfSatisfying(FetchResult.Failed.class,
                failed -> assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.PERMANENT));
    }

    @Test
    void anOverrideForANameACatastrophicRegexKeyGivesUpOnIsNotAppliedAndTheFetchDoesNotStall() {
        // F9: matching this 32-character name against /^(a+)+\1$/ took about 64 s, on every poll.
        String name = "a".repeat(31) + "!";
        Fixtures.write(dir.resolve("config.json"), ("{\"streams\": {\"/^(a+)+\\\\1$/\": {\"schema_title\": \"x\"},"
                + " \"/^a+!$/\": {\"schema_title\": \"y\"}, \"pageview.v1\": {\"schema_title\": \"z\"}}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        layer.set(name, FLAG, TextNode.valueOf("event"), "alice", "T9");

        Snapshot merged = changed(org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> layered.fetch(Optional.empty())));

        assertThat(merged.streams()).as("never guessed through a later key").doesNotContainKey(name);
        assertThat(layered.problems()).singleElement().asString()
                .contains("'" + name + "'", "not applied", "/^(a+)+\\1$/", "gave up");
    }
}
