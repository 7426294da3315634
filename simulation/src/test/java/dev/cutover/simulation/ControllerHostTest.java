package dev.cutover.simulation;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated controller acknowledges a report batch as the service does: only once the step that took it was
 * stored. Found by the simulation (seed 5 at ten times the kill rate): a batch the controller took in a step that
 * was killed before its journal append was counted as delivered, its hours marked done, and the cutover hour was
 * never reported again.
 */
class ControllerHostTest {

    private Path stateDir;
    private ControllerHost host;
    private String stream;
    private final Instant now = Simulation.START.toInstant().plusSeconds(3_900);

    @BeforeEach
    void start() throws IOException {
        stateDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "host-");
        SimOptions options = new SimOptions(3, 1, 1, EnumSet.noneOf(FaultKind.class), Optional.empty(),
                Path.of("no-fixture.json"), Optional.empty(), Optional.empty());
        StreamShapes.Shapes shapes = StreamShapes.of(3, options.fixture());
        List<String> streams = List.copyOf(shapes.streams().keySet());
        stream = streams.get(0);
        var plan = SimPlan.of(options, streams, stateDir);
        Faults faults = new Faults(EnumSet.noneOf(FaultKind.class), new SplittableRandom(1));
        SimConfigSource source = new SimConfigSource(plan.settings(), shapes.streams(), faults, Optional.empty(),
                () -> now);
        host = new ControllerHost(plan, stateDir, source, new VirtualClock(() -> now), faults,
                (before, event, step, after, appended) -> { });
        host.start();
    }

    @AfterEach
    void stop() {
        host.kill();
        SimPlan.deleteQuietly(stateDir);
    }

    @Test
    void aStoredBatchIsAcknowledged() {
        assertThat(host.reports(List.of(legacyRefine(Simulation.START)))).isTrue();
        assertThat(reportsKept()).isEqualTo(1);
    }

    @Test
    void aBatchWhoseStepIsKilledBeforeItsAppendIsNeitherStoredNorAcknowledged() {
        host.killBeforeEffect(1);

        boolean acknowledged = host.reports(List.of(legacyRefine(Simulation.START)));

        assertThat(host.up()).isFalse();
        assertThat(acknowledged).as("a kill before the journal append: the worker must report the hour again").isFalse();
        host.restart();
        assertThat(reportsKept()).as("nothing of the batch was stored").isZero();
    }

    @Test
    void aBatchStoredButKilledBeforeItsReplyIsNotAcknowledgedEither() {
        host.killBeforeEffect(2);

        boolean acknowledged = host.reports(List.of(legacyRefine(Simulation.START)));

        assertThat(acknowledged).as("no reply reached the worker: it reports again (a harmless duplicate)").isFalse();
        host.restart();
        assertThat(reportsKept()).isEqualTo(1);
    }

    private Report legacyRefine(Hour hour) {
        ControllerState state = host.published();
        long epoch = state.streams().get(stream).state().epoch();
        return new RefineReport(null, "legacy", stream, hour, "event", "t", epoch, ReportStatus.OK, null, 1L, 10L,
                "c", "fp-1", 100L);
    }

    private int reportsKept() {
        return host.state().observed(stream).at(Simulation.START).in("event").isPresent() ? 1 : 0;
    }
}
