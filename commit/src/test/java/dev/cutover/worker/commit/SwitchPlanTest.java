package dev.cutover.worker.commit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.DatabaseName;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class SwitchPlanTest {

    private static final Hour HOUR = Hour.parse("2026-11-23T01");
    private static final TableRef TABLE = new TableRef(DatabaseName.of("event"), "navigationtiming");
    private static final URI LOCATION = URI.create("hdfs://analytics-hadoop/wmf/data/event/navigationtiming");
    private static final TableDefinition DEFINITION = new TableDefinition(TABLE, LOCATION,
            List.of("datacenter", "year", "month", "day", "hour"), "id STRING");
    private static final Predicate<String> OWNED = key -> key.startsWith("cutover.");
    private static final String A = "20261123T020000-0000000a";
    private static final String B = "20261123T030000-0000000b";

    private static Map<String, String> spec(String dc) {
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("datacenter", dc);
        spec.putAll(CommitLayout.hourSpec(HOUR));
        return spec;
    }

    private static PartitionRef inCommit(String dc, String commit, Map<String, String> parameters) {
        return new PartitionRef(spec(dc), CommitLayout.partitionDir(LOCATION, HOUR, commit, spec(dc)), parameters);
    }

    @Test
    void aNewTableIsCreatedAndThenItsPartitions() {
        SwitchStep.EnsureTable create = new SwitchStep.EnsureTable(DEFINITION, false);
        PartitionRef eqiad = inCommit("eqiad", B, Map.of("cutover.commit_id", B));

        SwitchPlan plan = SwitchPlan.of(TABLE, LOCATION, HOUR, Optional.of(create), List.of(), List.of(eqiad), OWNED);

        assertThat(plan.steps()).containsExactly(create, new SwitchStep.CreatePartitions(TABLE, List.of(eqiad), false));
        assertThat(plan.partitions()).containsExactly(spec("eqiad"));
        assertThat(plan.replacedCommits()).isEmpty();
    }

    @Test
    void anExistingPartitionKeepsItsOwnParametersAndTakesTheNewCommitsOnes() {
        PartitionRef old = inCommit("eqiad", A, Map.of("transient_lastDdlTime", "1764000000",
                "cutover.commit_id", A, "cutover.source", "event_systemd"));
        PartitionRef eqiad = inCommit("eqiad", B, Map.of("cutover.commit_id", B));

        SwitchPlan plan = SwitchPlan.of(TABLE, LOCATION, HOUR, Optional.empty(), List.of(old), List.of(eqiad), OWNED);

        PartitionRef switched = inCommit("eqiad", B, Map.of("transient_lastDdlTime", "1764000000", "cutover.commit_id", B));
        assertThat(plan.steps()).containsExactly(new SwitchStep.AlterPartitions(TABLE, List.of(switched), List.of(old)));
        assertThat(plan.replacedCommits()).containsExactly(A);
    }

    @Test
    void partitionsTheNewCommitDoesNotHaveAreDroppedLast() {
        PartitionRef oldEqiad = inCommit("eqiad", A, Map.of());
        PartitionRef oldUlsfo = inCommit("ulsfo", A, Map.of());
        PartitionRef codfw = inCommit("codfw", B, Map.of());
        PartitionRef eqiad = inCommit("eqiad", B, Map.of());

        SwitchPlan plan = SwitchPlan.of(TABLE, LOCATION, HOUR, Optional.empty(), List.of(oldEqiad, oldUlsfo),
                List.of(codfw, eqiad), OWNED);

        assertThat(plan.steps()).containsExactly(new SwitchStep.CreatePartitions(TABLE, List.of(codfw), false),
                new SwitchStep.AlterPartitions(TABLE, List.of(eqiad), List.of(oldEqiad)),
                new SwitchStep.DropPartitions(TABLE, List.of(oldUlsfo)));
        assertThat(plan.partitions()).containsExactly(spec("codfw"), spec("eqiad"));
    }

    @Test
    void onlyPartitionsInTheHoursCommitDirectoriesNameAReplacedCommit() {
        PartitionRef legacy = new PartitionRef(spec("eqiad"),
                URI.create(LOCATION + "/datacenter=eqiad/year=2026/month=11/day=23/hour=1"), Map.of());
        PartitionRef ours = inCommit("codfw", A, Map.of());

        SwitchPlan plan = SwitchPlan.of(TABLE, LOCATION, HOUR, Optional.empty(), List.of(legacy, ours),
                List.of(inCommit("eqiad", B, Map.of()), inCommit("codfw", B, Map.of())), OWNED);

        assertThat(plan.replacedCommits()).containsExactly(A);
    }
}
