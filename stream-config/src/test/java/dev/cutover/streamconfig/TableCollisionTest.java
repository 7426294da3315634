package dev.cutover.streamconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.streamconfig.SwitchState.Position;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * F10: streams whose names map to one Hive table ({@code a/b}, {@code a-b}, {@code a_b}; {@code eventlogging_X} and
 * {@code eventlogging_x}) would both write it, which breaks I1. Each managed one is INVALID, naming the others.
 */
class TableCollisionTest {

    private static final String ON = "{\"consumers\": {\"analytics_hive_ingestion\": {\"enabled\": true}}}";
    private static final String PROMOTED =
            "{\"consumers\": {\"analytics_hive_ingestion\": {\"enabled\": true, \"hive_database\": \"event\"}}}";
    private static final String OFF = "{\"consumers\": {\"analytics_hive_ingestion\": {\"enabled\": false}}}";

    static Snapshot snapshot() throws ConfigParseException {
        String json = "{\"streams\": {"
                + "\"a/b\": " + ON + ", \"a-b\": " + PROMOTED + ", \"a_b\": " + ON + ","
                + " \"eventlogging_X\": " + ON + ", \"eventlogging_x\": " + ON + ","
                + " \"c.d\": " + ON + ", \"c-d\": " + OFF + ","
                + " \"solo\": " + ON + ", \"/^a.b$/\": " + ON + "}}";
        return SnapshotParser.parse(json.getBytes(StandardCharsets.UTF_8), "test", Optional.empty(), Instant.EPOCH);
    }

    @Test
    void managedStreamsThatMapToOneTableAreInvalidEachNamingTheOthers() throws Exception {
        Map<String, SwitchState> states = SwitchState.readAll(snapshot(), CutoverSettings.DEFAULTS);

        for (String stream : new String[] {"a/b", "a-b", "a_b"}) {
            SwitchState state = states.get(stream);
            assertThat(state.position()).as(stream).isEqualTo(Position.INVALID);
            assertThat(state.table()).isEqualTo("a_b");
            assertThat(state.leader()).isEmpty();
            assertThat(state.databases()).isEmpty();
            assertThat(state.problems()).as(stream).singleElement().asString()
                    .contains("stream " + stream + ":", "table a_b", "current routes are kept");
        }
        assertThat(states.get("a/b").problems().get(0)).contains("a-b, a_b").doesNotContain("a/b, ");
        assertThat(states.get("a-b").problems().get(0)).contains("a/b, a_b");
        assertThat(states.get("a-b").flag()).contains("event");
        assertThat(states.get("eventlogging_X").problems()).singleElement().asString()
                .contains("table x", "eventlogging_x");
        assertThat(states.get("eventlogging_x").position()).isEqualTo(Position.INVALID);
    }

    @Test
    void aStreamSharingItsTableOnlyWithUnmanagedStreamsOrRegexKeysIsFine() throws Exception {
        Map<String, SwitchState> states = SwitchState.readAll(snapshot(), CutoverSettings.DEFAULTS);

        assertThat(states.get("c.d").position()).isEqualTo(Position.LEGACY_LEADS);
        assertThat(states.get("c.d").problems()).isEmpty();
        assertThat(states.get("c-d").managed()).isFalse();
        assertThat(states.get("c-d").problems()).isEmpty();
        assertThat(states.get("solo").problems()).isEmpty();
    }

    @Test
    void readingOneStreamOfTheSnapshotFindsTheSameCollisionsAsReadingThemAll() throws Exception {
        Snapshot snapshot = snapshot();
        Map<String, SwitchState> all = SwitchState.readAll(snapshot, CutoverSettings.DEFAULTS);

        for (String stream : all.keySet()) {
            assertThat(SwitchState.read(stream, snapshot, CutoverSettings.DEFAULTS)).as(stream).contains(all.get(stream));
        }
        assertThat(SwitchState.read("no.such.stream", snapshot, CutoverSettings.DEFAULTS)).isEmpty();
    }

    @Test
    void aStreamFoundThroughARegexKeyCollidesWithTheNamedStreamsOnItsTable() throws Exception {
        // "a.b" is not named; /^a.b$/ gives it the managed settings, and its table a_b is the named ones'.
        Optional<SwitchState> state = SwitchState.read("a.b", snapshot(), CutoverSettings.DEFAULTS);

        assertThat(state).hasValueSatisfying(s -> {
            assertThat(s.position()).isEqualTo(Position.INVALID);
            assertThat(s.problems()).singleElement().asString().contains("a/b, a-b, a_b");
        });
    }

    @Test
    void aStreamOnWhichARegexKeyGaveUpIsInvalidNamingTheKey() throws Exception {
        Snapshot snapshot = SnapshotParser.parse(("{\"streams\": {\"/^(a+)+\\\\1$/\": " + ON + "}}")
                .getBytes(StandardCharsets.UTF_8), "test", Optional.empty(), Instant.EPOCH);
        String name = "a".repeat(31) + "!";

        Optional<SwitchState> state = SwitchState.read(name, snapshot, CutoverSettings.DEFAULTS);

        assertThat(state).hasValueSatisfying(s -> {
            assertThat(s.position()).isEqualTo(Position.INVALID);
            assertThat(s.problems()).singleElement().asString()
                    .contains("stream " + name + ":", "regex key /^(a+)+\\1$/", "gave up", "current routes are kept");
        });
    }

    @Test
    void theTableMatesOfChangedStreamsAreTheOtherNamedStreamsOnTheirTables() throws Exception {
        assertThat(SwitchState.tableMates(snapshot(), java.util.List.of("a-b", "solo")))
                .containsExactly("a/b", "a_b");
        assertThat(SwitchState.tableMates(snapshot(), java.util.List.of("a.b"))).containsExactly("a/b", "a-b", "a_b");
        assertThat(SwitchState.tableMates(snapshot(), java.util.List.of("c.d"))).containsExactly("c-d");
    }
}
