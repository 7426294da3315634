package dev.cutover.simulation;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.Event;
import dev.cutover.controller.core.StreamEntry;
import dev.cutover.controller.model.Phase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/**
 * What people do to the migration once a simulated hour: operators' flag flips that flap back, invalid flag values
 * fixed hours later, reverts of promoted streams (rollbacks), decommissions of soaked streams; and workers told to
 * pause after their next fence. Draws from the simulation's one random source, in a fixed order.
 */
final class Operators {

    private final SimConfigSource source;
    private final ControllerHost host;
    private final World world;
    private final Faults faults;
    private final SplittableRandom random;
    private final List<String> streams;
    private final List<SimWorker> workers;
    private final SimulationResult.Counts counts;
    private final BiConsumer<Duration, Runnable> later;

    Operators(SimConfigSource source, ControllerHost host, World world, Faults faults, SplittableRandom random,
              List<String> streams, List<SimWorker> workers, SimulationResult.Counts counts,
              BiConsumer<Duration, Runnable> later) {
        this.source = source;
        this.host = host;
        this.world = world;
        this.faults = faults;
        this.random = random;
        this.streams = streams;
        this.workers = workers;
        this.counts = counts;
        this.later = later;
    }

    /** Operator flips, flapping and invalid flags, rollbacks (each at most once an hour), decommissions. */
    void act() {
        ControllerState state = host.published();
        if (state == null) {
            return;
        }
        List<String> shadow = new ArrayList<>();
        List<String> promoted = new ArrayList<>();
        for (String stream : streams) {
            StreamEntry entry = state.streams().get(stream);
            if (entry == null) {
                continue;
            }
            Phase phase = entry.state().phase();
            if (phase == Phase.SHADOW) {
                shadow.add(stream);
            } else if (phase == Phase.PROMOTED || phase == Phase.CUTOVER || phase == Phase.READY_TO_DECOMMISSION) {
                promoted.add(stream);
            }
            if (phase == Phase.READY_TO_DECOMMISSION && random.nextInt(12) == 0) {
                host.operator(stream, Event.OperatorAction.DECOMMISSION, "soaked");
            }
        }
        if (!shadow.isEmpty() && faults.roll(FaultKind.FLAG_FLAP)) {
            String stream = shadow.get(random.nextInt(shadow.size()));
            var before = source.layerValue(stream);
            source.promote(stream, "sim-operator", "flap");
            world.trace(stream, "operator set the flag to event (flap)");
            later.accept(Duration.ofHours(1 + random.nextInt(3)), () -> {
                source.write(stream, before, "sim-operator", "flap back");
                world.trace(stream, "operator flipped the flag back (flap)");
            });
        }
        if (!shadow.isEmpty() && faults.roll(FaultKind.FLAG_INVALID)) {
            String stream = shadow.get(random.nextInt(shadow.size()));
            var before = source.layerValue(stream);
            var bad = List.of(TextNode.valueOf("EVENT"), TextNode.valueOf(" event"), TextNode.valueOf(""),
                    NullNode.getInstance()).get(random.nextInt(4));
            source.write(stream, Optional.of(bad), "sim-operator", "typo");
            world.trace(stream, "operator wrote an invalid flag " + bad);
            later.accept(Duration.ofHours(2 + random.nextInt(6)), () -> {
                source.write(stream, before, "sim-operator", "fix typo");
                world.trace(stream, "operator fixed the flag");
            });
        }
        if (!promoted.isEmpty() && faults.roll(FaultKind.OPERATOR_REVERT)) {
            String stream = promoted.get(random.nextInt(promoted.size()));
            source.write(stream, Optional.empty(), "sim-operator", "rollback");
            world.trace(stream, "operator reverted the flag (rollback)");
            counts.operatorRollbacks++;
        }
        for (SimWorker worker : workers) {
            if (faults.roll(FaultKind.WORKER_PAUSE)) {
                worker.pauseNext();
            }
        }
    }
}
