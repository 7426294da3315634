package dev.cutover.worker.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.protocol.Hour;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommitLayoutTest {

    private static final Hour HOUR = Hour.parse("2026-11-23T01");
    private static final URI TABLE = URI.create("hdfs://analytics-hadoop/wmf/data/event/navigationtiming");
    private static final String HOUR_DIR = TABLE + "/_commits/year=2026/month=11/day=23/hour=1";

    private static final String OLDEST = "20261123T020000-0000000a";
    private static final String OLDER = "20261123T030000-0000000b";
    private static final String REPLACED = "20261123T040000-0000000c";
    private static final String ABORTED = "20261123T043000-0000000d";
    private static final String NEW = "20261123T050000-0000000e";

    @Test
    void aCommitIdIsTheClocksUtcSecondAndTheSuffix() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T02:03:04.567Z"), ZoneOffset.ofHours(2));
        CommitLayout layout = new CommitLayout(clock, () -> "0a1b2c3d");

        assertThat(layout.newCommitId()).isEqualTo("20261123T020304-0a1b2c3d");
        assertThat(CommitLayout.isCommitId(layout.newCommitId())).isTrue();
        assertThat(CommitLayout.commitTime(layout.newCommitId())).isEqualTo("20261123T020304");
    }

    @Test
    void randomSuffixesGiveDistinctIdsWithinOneSecond() {
        CommitLayout layout = new CommitLayout(Clock.fixed(Instant.parse("2026-11-23T02:03:04Z"), ZoneOffset.UTC));

        assertThat(Stream.generate(layout::newCommitId).limit(50).distinct()).hasSize(50)
                .allMatch(CommitLayout::isCommitId);
    }

    @Test
    void aSuffixThatIsNotEightHexDigitsIsRefused() {
        CommitLayout layout = new CommitLayout(Clock.systemUTC(), () -> "ABCDEF12");

        assertThatThrownBy(layout::newCommitId).hasMessageContaining("ABCDEF12");
    }

    @Test
    void theHourSpecNamesTheHourColumnsInOrderWithoutLeadingZeros() {
        assertThat(CommitLayout.hourSpec(Hour.parse("2026-01-02T03")))
                .containsExactly(Map.entry("year", "2026"), Map.entry("month", "1"), Map.entry("day", "2"),
                        Map.entry("hour", "3"));
    }

    @Test
    void aCommitsPartitionsLiveUnderTheHoursCommitDirectory() {
        assertThat(CommitLayout.hourDir(TABLE, HOUR)).hasToString(HOUR_DIR);
        assertThat(CommitLayout.commitDir(TABLE, HOUR, NEW)).hasToString(HOUR_DIR + "/" + NEW);
        assertThat(CommitLayout.partitionDir(TABLE, HOUR, NEW, CommitLayout.hourSpec(HOUR)))
                .hasToString(HOUR_DIR + "/" + NEW);
        assertThat(CommitLayout.partitionDir(TABLE, HOUR, NEW, Map.of("datacenter", "eqiad", "year", "2026")))
                .hasToString(HOUR_DIR + "/" + NEW + "/datacenter=eqiad");
    }

    @Test
    void locationsAreBuiltAsHadoopBuildsThem() {
        assertThat(CommitLayout.commitDir(URI.create("file:///tmp/warehouse/t/"), HOUR, NEW))
                .hasToString("file:/tmp/warehouse/t/_commits/year=2026/month=11/day=23/hour=1/" + NEW);
        assertThat(CommitLayout.commitDir(URI.create("/tmp//warehouse/t"), HOUR, NEW))
                .hasToString("/tmp/warehouse/t/_commits/year=2026/month=11/day=23/hour=1/" + NEW);
        assertThat(CommitLayout.partitionDir(URI.create("file:/tmp/t"), HOUR, NEW, Map.of("datacenter", "a b")))
                .hasToString("file:/tmp/t/_commits/year=2026/month=11/day=23/hour=1/" + NEW + "/datacenter=a%20b");
    }

    static Stream<Arguments> partitionLocations() {
        return Stream.of(
                Arguments.of(HOUR_DIR + "/" + NEW, Optional.of(NEW)),
                Arguments.of(HOUR_DIR + "/" + NEW + "/datacenter=eqiad/", Optional.of(NEW)),
                Arguments.of("hdfs://other-namenode:8020/wmf/data/event/navigationtiming/_commits/year=2026/month=11"
                        + "/day=23/hour=1/" + NEW, Optional.of(NEW)),
                Arguments.of(HOUR_DIR + "/not-a-commit", Optional.empty()),
                Arguments.of(TABLE + "/_commits/year=2026/month=11/day=23/hour=2/" + NEW, Optional.empty()),
                Arguments.of(TABLE + "/year=2026/month=11/day=23/hour=1", Optional.empty()),
                Arguments.of("hdfs://analytics-hadoop/wmf/data/event/navigationtiming2/_commits/year=2026/month=11"
                        + "/day=23/hour=1/" + NEW, Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("partitionLocations")
    void aPartitionLocationNamesItsCommitOnlyInsideTheTablesHourDirectory(String location, Optional<String> commit) {
        assertThat(CommitLayout.commitIdOf(TABLE, HOUR, URI.create(location))).isEqualTo(commit);
    }

    static Stream<Arguments> cleanups() {
        List<String> all = List.of(OLDEST, OLDER, REPLACED, ABORTED, NEW, "_tmp", "20261123T010000-notanid");
        return Stream.of(
                Arguments.of("nothing replaced: nothing deleted", all, NEW, Set.of(), List.of()),
                Arguments.of("older than the replaced commit", all, NEW, Set.of(REPLACED), List.of(OLDEST, OLDER)),
                Arguments.of("older than every replaced commit", all, NEW, Set.of(OLDER, REPLACED), List.of(OLDEST)),
                Arguments.of("a dropped hour has no new commit", all, null, Set.of(ABORTED), List.of(OLDEST, OLDER,
                        REPLACED)),
                Arguments.of("never the new one, even if older", List.of(NEW, REPLACED), NEW,
                        Set.of("20261123T060000-0000000f"), List.of(REPLACED)),
                Arguments.of("the same second is not older", List.of("20261123T040000-00000001", REPLACED), NEW,
                        Set.of(REPLACED), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cleanups")
    void aCleanupDeletesOnlyCommitsOlderThanEveryReplacedOne(String rule, List<String> directories, String newCommit,
                                                             Set<String> replaced, List<String> deletable) {
        assertThat(CommitLayout.deletable(directories, newCommit, replaced)).isEqualTo(deletable);
    }
}
