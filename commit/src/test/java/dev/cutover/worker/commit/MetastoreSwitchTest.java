package dev.cutover.worker.commit;

import static dev.cutover.worker.commit.InstrumentedMetastore.Kind.ALTER;
import static dev.cutover.worker.commit.InstrumentedMetastore.Kind.CREATE;
import static dev.cutover.worker.commit.InstrumentedMetastore.Kind.DROP;
import static dev.cutover.worker.commit.InstrumentedMetastore.Kind.ENSURE_TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.commit.InstrumentedMetastore.Call;
import dev.cutover.worker.commit.InstrumentedMetastore.Kind;
import dev.cutover.worker.commit.InstrumentedMetastore.Timing;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The switch of one hour from commit A (eqiad, ulsfo) to commit B (eqiad, codfw) on an evolving table: evolve the
 * table, create codfw, alter eqiad, drop ulsfo, and what a failure at each of those leaves behind.
 */
class MetastoreSwitchTest {

    private static final Hour HOUR = Hour.parse("2026-11-23T01");
    private static final TableRef TABLE = new TableRef(DatabaseName.of("event"), "navigationtiming");
    private static final URI LOCATION = URI.create("hdfs://analytics-hadoop/wmf/data/event/navigationtiming");
    private static final List<String> COLUMNS = List.of("datacenter", "year", "month", "day", "hour");
    private static final TableDefinition V1 = new TableDefinition(TABLE, LOCATION, COLUMNS, "id STRING");
    private static final TableDefinition V2 = new TableDefinition(TABLE, LOCATION, COLUMNS, "id STRING, dt STRING");
    private static final String A = "20261123T020000-0000000a";
    private static final String B = "20261123T030000-0000000b";

    private final InMemoryMetastore store = new InMemoryMetastore();
    private final InstrumentedMetastore metastore = new InstrumentedMetastore(store);

    private static PartitionRef partition(String dc, String commit) {
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("datacenter", dc);
        spec.putAll(CommitLayout.hourSpec(HOUR));
        return new PartitionRef(spec, CommitLayout.partitionDir(LOCATION, HOUR, commit, spec),
                Map.of("cutover.commit_id", commit));
    }

    /** Commit A is visible; returns the switch to commit B. */
    private List<SwitchStep> switchToB() {
        store.ensureTable(V1, false);
        store.createPartitions(TABLE, List.of(partition("eqiad", A), partition("ulsfo", A)), false);
        SwitchPlan plan = SwitchPlan.of(TABLE, LOCATION, HOUR, Optional.of(new SwitchStep.EnsureTable(V2, true)),
                store.partitions(TABLE, HOUR), List.of(partition("codfw", B), partition("eqiad", B)),
                key -> key.startsWith("cutover."));
        assertThat(plan.steps()).extracting(SwitchStep::name).containsExactly("table", "create", "alter", "drop");
        return plan.steps();
    }

    @Test
    void aSwitchAppliesEveryStepInOrder() {
        List<SwitchStep> steps = switchToB();

        SwitchOutcome outcome = new MetastoreSwitch(metastore).apply(steps);

        assertThat(outcome).isEqualTo(new SwitchOutcome.Switched(steps));
        assertThat(metastore.kinds()).containsExactly(ENSURE_TABLE, CREATE, ALTER, DROP);
        assertThat(store.partitions(TABLE, HOUR)).containsExactlyInAnyOrder(partition("eqiad", B), partition("codfw", B));
        assertThat(store.table(TABLE)).contains(V2);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(ENSURE_TABLE, Timing.BEFORE, "table", V1, List.of(ENSURE_TABLE)),
                Arguments.of(ENSURE_TABLE, Timing.AFTER, "table", V2, List.of(ENSURE_TABLE)),
                Arguments.of(CREATE, Timing.BEFORE, "create", V2, List.of(ENSURE_TABLE, CREATE, DROP)),
                Arguments.of(CREATE, Timing.AFTER, "create", V2, List.of(ENSURE_TABLE, CREATE, DROP)),
                Arguments.of(ALTER, Timing.BEFORE, "alter", V2, List.of(ENSURE_TABLE, CREATE, ALTER, ALTER, DROP)),
                Arguments.of(ALTER, Timing.AFTER, "alter", V2, List.of(ENSURE_TABLE, CREATE, ALTER, ALTER, DROP)),
                Arguments.of(DROP, Timing.BEFORE, "drop", V2,
                        List.of(ENSURE_TABLE, CREATE, ALTER, DROP, CREATE, ALTER, DROP)),
                Arguments.of(DROP, Timing.AFTER, "drop", V2,
                        List.of(ENSURE_TABLE, CREATE, ALTER, DROP, CREATE, ALTER, DROP)));
    }

    @ParameterizedTest(name = "{0} failing {1} the call")
    @MethodSource("failures")
    void aFailingStepUndoesEveryStartedStepInReverseOrderAndRestoresThePreviousPartitions(
            Kind failing, Timing timing, String failedAt, TableDefinition tableAfter, List<Kind> calls) {
        List<SwitchStep> steps = switchToB();
        List<PartitionRef> before = store.partitions(TABLE, HOUR);
        metastore.failOnce(Call.is(failing), timing, "metastore went away");

        SwitchOutcome outcome = new MetastoreSwitch(metastore).apply(steps);

        assertThat(outcome).isInstanceOf(SwitchOutcome.Restored.class);
        SwitchOutcome.Restored restored = (SwitchOutcome.Restored) outcome;
        assertThat(restored.failedAt().name()).isEqualTo(failedAt);
        assertThat(restored.error()).hasMessage("metastore went away");
        assertThat(restored.partitionCallsStarted()).isEqualTo(failing != ENSURE_TABLE);
        assertThat(metastore.kinds()).isEqualTo(calls);
        assertThat(store.partitions(TABLE, HOUR)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(store.table(TABLE)).as("an applied evolution is not undone").contains(tableAfter);
    }

    @Test
    void anUndoThatFailsIsReportedAndTheOtherUndoStepsStillRun() {
        List<SwitchStep> steps = switchToB();
        metastore.failOnce(Call.is(DROP), Timing.AFTER, "drop timed out")
                .failNth(Call.is(ALTER), 2, Timing.BEFORE, "alter refused");

        SwitchOutcome outcome = new MetastoreSwitch(metastore).apply(steps);

        assertThat(outcome).isInstanceOf(SwitchOutcome.NotRestored.class);
        SwitchOutcome.NotRestored notRestored = (SwitchOutcome.NotRestored) outcome;
        assertThat(notRestored.failedAt().name()).isEqualTo("drop");
        assertThat(notRestored.error()).hasMessage("drop timed out");
        assertThat(notRestored.undoFailures()).singleElement().satisfies(f -> {
            assertThat(f.step().name()).isEqualTo("alter");
            assertThat(f.undo()).isEqualTo(steps.get(2).undo().orElseThrow());
            assertThat(f.error()).hasMessage("alter refused");
        });
        assertThat(metastore.kinds()).containsExactly(ENSURE_TABLE, CREATE, ALTER, DROP, CREATE, ALTER, DROP);
        assertThat(store.partitions(TABLE, HOUR)).as("ulsfo is back and codfw gone; eqiad still points at B")
                .containsExactlyInAnyOrder(partition("eqiad", B), partition("ulsfo", A));
    }

    @Test
    void whenEveryUndoFailsEachIsReportedInTheOrderTried() {
        List<SwitchStep> steps = switchToB();
        metastore.failOnce(Call.is(ALTER), Timing.AFTER, "alter lost")
                .failAlways(Call.is(ALTER).or(Call.is(DROP)), Timing.BEFORE, "metastore down");

        SwitchOutcome outcome = new MetastoreSwitch(metastore).apply(steps);

        assertThat(outcome).isInstanceOf(SwitchOutcome.NotRestored.class);
        assertThat(((SwitchOutcome.NotRestored) outcome).undoFailures()).extracting(f -> f.step().name())
                .containsExactly("alter", "create");
        assertThat(store.partitions(TABLE, HOUR)).containsExactlyInAnyOrder(partition("eqiad", B), partition("ulsfo", A),
                partition("codfw", B));
    }

    @Test
    void aSwitchWithoutTableStepThatFailsAtItsFirstPartitionCallHasStartedPartitionCalls() {
        store.ensureTable(V1, false);
        List<SwitchStep> steps = List.of(new SwitchStep.CreatePartitions(TABLE, List.of(partition("eqiad", B)), false));
        metastore.failOnce(Call.is(CREATE), Timing.BEFORE, "metastore went away");

        SwitchOutcome outcome = new MetastoreSwitch(metastore).apply(steps);

        assertThat(outcome).isInstanceOfSatisfying(SwitchOutcome.Restored.class,
                r -> assertThat(r.partitionCallsStarted()).isTrue());
        assertThat(store.partitions(TABLE, HOUR)).isEmpty();
    }

    @Test
    void eachPartitionStepIsUndoneByItsOpposite() {
        PartitionRef old = partition("eqiad", A);
        PartitionRef now = partition("eqiad", B);

        assertThat(new SwitchStep.CreatePartitions(TABLE, List.of(now), false).undo())
                .contains(new SwitchStep.DropPartitions(TABLE, List.of(now)));
        assertThat(new SwitchStep.DropPartitions(TABLE, List.of(old)).undo())
                .contains(new SwitchStep.CreatePartitions(TABLE, List.of(old), true));
        assertThat(new SwitchStep.AlterPartitions(TABLE, List.of(now), List.of(old)).undo())
                .contains(new SwitchStep.AlterPartitions(TABLE, List.of(old), List.of(now)));
        assertThat(new SwitchStep.EnsureTable(V2, true).undo()).isEmpty();
    }
}
