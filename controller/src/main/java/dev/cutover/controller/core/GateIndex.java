package dev.cutover.controller.core;

import dev.cutover.controller.model.Observations;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.Strategy;
import dev.cutover.controller.reconcile.GatePolicy;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.PSortedMap;
import org.pcollections.PSortedSet;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every stream's answers to the gate ({@link GatePolicy#occupiesSlot}, {@link GatePolicy#eligible}) for one
 * controller state, indexed so that the {@link GatePolicy.Summary} all gates come from is read, not computed: the
 * slot holders by name and the plan positions of the eligible streams. A step that changes a few streams moves the
 * index along ({@link #advance}) asking only those streams again; any other change builds it again. Immutable
 * (persistent collections); the last one is kept.
 */
final class GateIndex {

    /** One stream's answers, valid while its entry and observations are these. */
    private record Facts(StreamEntry entry, StreamObservations observed, boolean occupiesSlot, boolean eligible) {
    }

    private static volatile GateIndex last;

    private final PSortedMap<String, StreamEntry> streams;
    private final Observations observations;
    private final MigrationPlan plan;
    private final PMap<String, Facts> facts;
    private final PSortedMap<String, String> busy;
    private final PSortedSet<Integer> eligiblePositions;
    private final Map<String, Integer> positions;
    private GatePolicy.Summary summary;

    private GateIndex(ControllerState state, PMap<String, Facts> facts, PSortedMap<String, String> busy,
                      PSortedSet<Integer> eligiblePositions, Map<String, Integer> positions) {
        this.streams = state.streams();
        this.observations = state.observations();
        this.plan = state.plan();
        this.facts = facts;
        this.busy = busy;
        this.eligiblePositions = eligiblePositions;
        this.positions = positions;
    }

    /** The gate summary of {@code state}: the kept index's when it is {@code state}'s, else a new index's. */
    static GatePolicy.Summary summary(ControllerState state) {
        GateIndex index = last;
        if (index == null || !index.of(state)) {
            index = build(state);
            last = index;
        }
        return index.summary();
    }

    /**
     * {@code after} differs from {@code before} only in the entries and observations of {@code changed}: the kept
     * index, if it is {@code before}'s, moves along to {@code after} (else nothing is kept).
     */
    static void advance(ControllerState before, ControllerState after, Collection<String> changed) {
        GateIndex index = last;
        if (index == null) {
            return;
        }
        if (!index.of(before)) {
            if (!index.of(after)) {
                last = null;
            }
            return;
        }
        last = index.of(after) ? index : index.with(after, changed);
    }

    private boolean of(ControllerState state) {
        return streams == state.streams() && observations == state.observations() && plan == state.plan();
    }

    private static GateIndex build(ControllerState state) {
        Map<String, Integer> positions = new HashMap<>();
        List<String> order = state.plan().order();
        for (int i = 0; i < order.size(); i++) {
            positions.putIfAbsent(order.get(i), i);
        }
        GateIndex empty = new GateIndex(state, HashTreePMap.empty(), TreePMap.empty(), TreePSet.empty(),
                Map.copyOf(positions));
        return empty.with(state, state.streams().keySet());
    }

    private GateIndex with(ControllerState state, Collection<String> changed) {
        PMap<String, Facts> f = facts;
        PSortedMap<String, String> b = busy;
        PSortedSet<Integer> e = eligiblePositions;
        GatePolicy.Evidence evidence = state.evidence();
        for (String name : changed) {
            Facts before = f.get(name);
            StreamEntry entry = state.streams().get(name);
            StreamObservations observed = state.observations().streams().get(name);
            if (before != null && entry == before.entry && observed == before.observed && observed != null) {
                continue;
            }
            Integer position = positions.get(name);
            if (before != null) {
                b = b.minus(name);
                if (before.eligible && position != null) {
                    e = e.minus(position);
                }
            }
            if (entry == null) {
                f = f.minus(name);
                continue;
            }
            StreamState s = entry.state();
            Facts now = new Facts(entry, observed, GatePolicy.occupiesSlot(s, evidence, state.plan()),
                    GatePolicy.eligible(s, evidence, state.plan()));
            f = f.plus(name, now);
            if (now.occupiesSlot) {
                b = b.plus(name, name + " (" + s.phase() + ")");
            }
            if (now.eligible && position != null) {
                e = e.plus(position);
            }
        }
        return new GateIndex(state, f, b, e, positions);
    }

    private boolean eligible(String stream) {
        Integer position = positions.get(stream);
        return position != null && eligiblePositions.contains(position);
    }

    private GatePolicy.Summary summary() {
        if (summary == null) {
            List<Map.Entry<String, String>> holders = new ArrayList<>(busy.entrySet());
            int first = -1;
            for (int position : eligiblePositions) {
                if (GatePolicy.unitEligible(plan.order().get(position), this::eligible, plan)) {
                    first = position;
                    break;
                }
            }
            boolean all = plan.strategy() == Strategy.ALL_AT_ONCE && eligiblePositions.size() == positions.size();
            summary = new GatePolicy.Summary(List.copyOf(holders), first, all, positions);
        }
        return summary;
    }
}
