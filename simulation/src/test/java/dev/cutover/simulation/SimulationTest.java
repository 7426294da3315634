package dev.cutover.simulation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulation at CI scale: no violation on three seeds of the default run (100 streams x 3 days, every fault on
 * at its default rate), every injectable bug caught within the default run, the same run for the same seed, and the
 * regressions the simulation found (each at the seed and rates that found it).
 */
class SimulationTest {

    private static final Path FIXTURE = Path.of(System.getProperty("cutover.shared.dir", "../../shared"))
            .resolve("fixtures/streamconfigs/production-all.json");

    /** Fault rates well above the defaults (the controller down for a good part of every day). */
    static final Map<FaultKind, Double> HARSH = Map.of(FaultKind.CONTROLLER_KILL, 0.1, FaultKind.CLOCK_JUMP, 0.05,
            FaultKind.REPORT_LOST, 0.03, FaultKind.CRASH_AFTER_SWITCH, 0.02, FaultKind.CRASH_AFTER_FENCE, 0.02,
            FaultKind.WORKER_PAUSE, 0.2, FaultKind.REPORT_LATE, 0.03, FaultKind.OPERATOR_REVERT, 0.2);

    private static SimulationResult run(int streams, int days, long seed, Optional<InjectedBug> bug) throws IOException {
        return run(streams, days, seed, bug, Map.of());
    }

    private static SimulationResult run(int streams, int days, long seed, Optional<InjectedBug> bug,
                                        Map<FaultKind, Double> rates) throws IOException {
        return new Simulation(new SimOptions(streams, days, seed, EnumSet.allOf(FaultKind.class), bug, FIXTURE,
                Optional.empty(), Optional.empty(), rates)).run();
    }

    /**
     * Regression (found at ten times the kill rate, seed 5): the controller was killed in the step that took the new
     * job's report of the cutover hour, before storing it; the simulated worker counted the report as delivered and
     * never reported the hour again, so the stream stayed in CUTOVER and a rollback two days later left that hour
     * with the new job's output (I1). Workers now mark an hour done only on the controller's acknowledgement.
     */
    @Test
    void aReportBatchTheControllerDiedBeforeStoringIsReportedAgain() throws IOException {
        SimulationResult result = run(30, 3, 5, Optional.empty(),
                Map.of(FaultKind.CONTROLLER_KILL, 0.04, FaultKind.CLOCK_JUMP, 0.02));

        assertThat(result.violation()).as(result.deterministicSummary()).isEmpty();
        assertThat(result.restarts()).as("controller restarts").isPositive();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void finishesWithoutViolationsUnderEveryFault(long seed) throws IOException {
        SimulationResult result = run(100, 3, seed, Optional.empty());

        assertThat(result.violation()).as(result.deterministicSummary()).isEmpty();
        assertThat(result.hoursRun()).isEqualTo(72);
        assertThat(result.checks()).isPositive();
        assertThat(result.counts().cutovers).as("cutovers started").isPositive();
        assertThat(result.faults().values().stream().mapToLong(Long::longValue).sum()).as("faults injected").isPositive();
    }

    /**
     * Regression (found at high fault rates, seed 8 at 100 x 3): the controller, down for hours, never got the new
     * job's report of an hour it wrote to production, and the rollback made the report stale; the controller knew
     * only legacy's shadow commit. Three defects in a row: its restore copy overwrote the unpreserved output (I3;
     * work items now follow the routed write's production rule), legacy's listed refine of the next such hour
     * recomputed although its shadow held the hour (I3; a refine item copies from the job's own shadow), and the
     * listed copy held the new job's routed preservation, so the hour kept the new job's output (I1; a listed item
     * now holds only routed writes of the databases it writes or reads).
     */
    @Test
    void aRollbackOverOutputTheControllerNeverHeardOfPreservesItAndRestoresByCopies() throws IOException {
        SimulationResult result = run(100, 3, 8, Optional.empty(), HARSH);

        assertThat(result.violation()).as(result.deterministicSummary()).isEmpty();
        assertThat(result.counts().rollbacks).as("rollbacks").isPositive();
    }

    /**
     * Stream groups under every fault: a group is promoted only when every member has its evidence, cuts over at one
     * hour in one step and rolls back in one step (the checker's "groups move together"), and takes one slot.
     */
    @Test
    void streamGroupsMoveTogetherUnderEveryFault(@TempDir Path dir) throws IOException {
        List<String> streams = new Simulation(new SimOptions(40, 3, 4, EnumSet.allOf(FaultKind.class),
                Optional.empty(), FIXTURE, Optional.empty(), Optional.empty(), Map.of())).streams();
        List<String> order = streams.subList(0, 10);
        Path plan = dir.resolve("groups.yaml");
        Files.writeString(plan, "cluster: simulation\nmax_concurrent_cutovers: 2\norder: " + quoted(order)
                + "\ncanary: {consecutive_pass_hours: 3, window_hours: 24}\nauto_promote: true\n"
                + "auto_rollback: {enabled: true, fail_hours: 2}\nsoak: 24h\ngroups:\n"
                + "  first: " + quoted(order.subList(0, 2)) + "\n  second: " + quoted(order.subList(4, 7)) + "\n");

        SimulationResult result = new Simulation(new SimOptions(40, 3, 4, EnumSet.allOf(FaultKind.class),
                Optional.empty(), FIXTURE, Optional.of(plan), Optional.empty(), Map.of(FaultKind.OPERATOR_REVERT, 0.2)))
                .run();

        assertThat(result.violation()).as(result.deterministicSummary()).isEmpty();
        assertThat(result.json()).as(result.deterministicSummary()).containsPattern("\"group_cutovers\" ?: ?[1-9]");
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> "\"" + n + "\"").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    @Test
    void theSameSeedGivesTheSameRun() throws IOException {
        SimulationResult first = run(15, 2, 7, Optional.empty());
        SimulationResult second = run(15, 2, 7, Optional.empty());

        assertThat(second.deterministicSummary()).isEqualTo(first.deterministicSummary());
        assertThat(run(15, 2, 8, Optional.empty()).deterministicSummary())
                .as("another seed, another run").isNotEqualTo(first.deterministicSummary());
    }

    @ParameterizedTest
    @EnumSource(InjectedBug.class)
    void catchesEveryInjectedBug(InjectedBug bug) throws IOException {
        SimulationResult result = run(100, 3, 1, Optional.of(bug));

        assertThat(result.violation()).as("%s (%s) must be caught: %s", bug.wireName(), bug.description(),
                result.deterministicSummary()).isPresent();
        assertThat(result.deterministicSummary()).contains("VIOLATION (seed 1", "reproduce: ./cutover simulate");
    }
}
