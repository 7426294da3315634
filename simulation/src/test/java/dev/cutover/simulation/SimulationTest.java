package dev.cutover.simulation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulation at CI scale: no violation on four seeds with every fault on (seed 3: an hour the controller never
 * heard of, then a rollback; see RoutedWrite), the same run for the same seed, and
 * every injectable bug caught. Small runs (30 streams x 3 days) keep the suite quick.
 */
class SimulationTest {

    private static final Path FIXTURE = Path.of(System.getProperty("cutover.shared.dir", "../../shared"))
            .resolve("fixtures/streamconfigs/production-all.json");

    private static SimulationResult run(int streams, int days, long seed, Optional<InjectedBug> bug) throws IOException {
        return new Simulation(new SimOptions(streams, days, seed, EnumSet.allOf(FaultKind.class), bug, FIXTURE,
                Optional.empty(), Optional.empty())).run();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void finishesWithoutViolationsUnderEveryFault(long seed) throws IOException {
        SimulationResult result = run(30, 3, seed, Optional.empty());

        assertThat(result.violation()).as(result.deterministicSummary()).isEmpty();
        assertThat(result.hoursRun()).isEqualTo(72);
        assertThat(result.checks()).isPositive();
        assertThat(result.counts().cutovers).as("cutovers started").isPositive();
        assertThat(result.faults().values().stream().mapToLong(Long::longValue).sum()).as("faults injected").isPositive();
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
        SimulationResult result = run(30, 3, 1, Optional.of(bug));

        assertThat(result.violation()).as("%s (%s) must be caught: %s", bug.wireName(), bug.description(),
                result.deterministicSummary()).isPresent();
        assertThat(result.deterministicSummary()).contains("VIOLATION (seed 1", "reproduce: ./cutover simulate");
    }
}
