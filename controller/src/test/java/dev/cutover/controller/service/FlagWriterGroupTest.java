package dev.cutover.controller.service;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A stream group's flags are written in one override revision, on a real layer file. */
class FlagWriterGroupTest {

    private static final CutoverSettings S = CutoverSettings.DEFAULTS;

    @TempDir
    Path dir;

    @Test
    void aGroupsPromotionAndRollbackAreOneRevisionEachAndSkipMembersAlreadyThere() {
        OverrideLayer layer = OverrideLayer.open(dir.resolve("overrides.json"),
                Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC));
        FlagWriter writer = new FlagWriter(layer, S);
        layer.set("c", S.flagPointer(), TextNode.valueOf("event"), "alice", "T1");

        Optional<Revision> promoted = writer.apply(new FlagChange("a", FlagChange.Kind.PROMOTE, "auto-promoter",
                "group g: evidence", List.of("b", "c")));

        assertThat(promoted).get().satisfies(r -> {
            assertThat(r.number()).isEqualTo(2);
            assertThat(r.streams()).as("c already says event").containsExactly("a", "b");
            assertThat(r.who()).isEqualTo("auto-promoter");
        });
        for (String stream : List.of("a", "b", "c")) {
            assertThat(layer.get(stream, S.flagPointer())).contains(TextNode.valueOf("event"));
        }

        Optional<Revision> reverted = writer.apply(new FlagChange("b", FlagChange.Kind.REVERT, "controller",
                "rollback of group g", List.of("a", "c")));

        assertThat(reverted).get().satisfies(r -> {
            assertThat(r.number()).isEqualTo(3);
            assertThat(r.streams()).containsExactly("b", "a", "c");
        });
        assertThat(layer.get("a", S.flagPointer())).isEmpty();
        assertThat(layer.get("c", S.flagPointer())).isEmpty();
        assertThat(writer.apply(new FlagChange("b", FlagChange.Kind.PROMOTE, "auto-promoter", "again",
                List.of("a", "c")))).get().satisfies(r -> assertThat(r.number()).isEqualTo(4));
        assertThat(writer.apply(new FlagChange("b", FlagChange.Kind.PROMOTE, "auto-promoter", "again",
                List.of("a", "c")))).as("every member already says event: no revision").isEmpty();
    }
}
