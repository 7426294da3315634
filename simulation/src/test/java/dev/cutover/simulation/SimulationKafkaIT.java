package dev.cutover.simulation;

import dev.cutover.testkit.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --kafka}: the controller's route log is the control plane's Kafka topics on a real in-process KRaft
 * broker, and every kill -9 is followed by a restart that fences the killed instance and restores from the topics
 * (read_committed), as a new controller process does. The invariants hold, and the run is the journal's run: the
 * two route logs restore the same state.
 */
@ExtendWith(KafkaBroker.class)
class SimulationKafkaIT {

    private static final Path FIXTURE = Path.of(System.getProperty("cutover.shared.dir", "../../shared"))
            .resolve("fixtures/streamconfigs/production-all.json");
    private static final Map<FaultKind, Double> OFTEN_KILLED = Map.of(FaultKind.CONTROLLER_KILL, 0.1);

    private static SimulationResult run(Optional<String> kafka, Optional<InjectedBug> bug) throws IOException {
        return new Simulation(new SimOptions(20, 2, 3, EnumSet.allOf(FaultKind.class), bug, FIXTURE,
                Optional.empty(), Optional.empty(), OFTEN_KILLED, kafka)).run();
    }

    @Test
    void restartsFromKafkasTopicsKeepTheInvariantsAndGiveTheJournalsRun() throws IOException {
        SimulationResult kafka = run(Optional.of(KafkaBroker.bootstrap()), Optional.empty());

        assertThat(kafka.violation()).as(kafka.deterministicSummary()).isEmpty();
        assertThat(kafka.restarts()).as("controller restarts from Kafka").isPositive();
        assertThat(kafka.table()).contains("kafka " + KafkaBroker.bootstrap());
        assertThat(kafka.deterministicSummary()).as("the same seed on the journal")
                .isEqualTo(run(Optional.empty(), Optional.empty()).deterministicSummary());
    }

    @Test
    void anInjectedBugIsCaughtOnKafkaToo() throws IOException {
        SimulationResult result = run(Optional.of(KafkaBroker.bootstrap()), Optional.of(InjectedBug.REUSE_EPOCH));

        assertThat(result.violation()).isPresent();
    }
}
