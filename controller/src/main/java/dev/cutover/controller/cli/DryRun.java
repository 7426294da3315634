package dev.cutover.controller.cli;

import dev.cutover.controller.core.Controller;
import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.Effect;
import dev.cutover.controller.core.Event;
import dev.cutover.controller.core.Reconciliation;
import dev.cutover.controller.core.Role;
import dev.cutover.controller.core.Step;
import dev.cutover.controller.core.Trigger;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.poll.PollOutcome;
import dev.cutover.streamconfig.source.SourceStatus;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The controller's step function driven in memory with its effects recorded instead of performed: what a
 * controller on this route log and this config would do now. Each stream is reconciled at most a few times (a
 * phase change reconciles the streams waiting for a gate again).
 */
final class DryRun {

    private static final int MAX_RECONCILES_PER_STREAM = 3;

    private final Map<String, List<AuditEvent>> notes = new HashMap<>();
    private final Map<String, List<FlagChange>> flags = new HashMap<>();
    private final Set<String> reconciled = new LinkedHashSet<>();
    private ControllerState end;

    private DryRun() {
    }

    static DryRun of(MigrationPlan plan, RouteLog.Restored restored, Snapshot snapshot, Instant now) {
        DryRun run = new DryRun();
        SourceStatus ready = new SourceStatus(SourceStatus.State.READY, Optional.of(now), Optional.empty(),
                Optional.empty());
        ControllerState state = ControllerState.initial(plan, ready);
        state = Controller.step(state, new Event.Restored(now, restored, Role.ACTIVE, Optional.empty(), ready,
                Optional.empty(), "the route log (read only)")).next();
        Step fetched = Controller.step(state, new Event.ConfigFetched(now, new PollOutcome.Unchanged(),
                Optional.of(snapshot), ready, Optional.empty()));
        state = fetched.next();
        Deque<String> queue = new ArrayDeque<>();
        Map<String, Integer> counts = new HashMap<>();
        run.enqueue(fetched.effects(), queue);
        long seq = 0;
        while (!queue.isEmpty()) {
            String stream = queue.poll();
            if (counts.merge(stream, 1, Integer::sum) > MAX_RECONCILES_PER_STREAM) {
                continue;
            }
            Step step = Controller.step(state, new Event.ReconcileDue(now,
                    new Reconciliation(++seq, Trigger.STARTUP, stream)));
            run.record(stream, step.effects());
            run.enqueue(step.effects(), queue);
            state = step.next();
        }
        run.end = state;
        return run;
    }

    private void enqueue(List<Effect> effects, Deque<String> queue) {
        for (Effect effect : effects) {
            if (effect instanceof Effect.Schedule schedule) {
                schedule.streams().stream().sorted().filter(s -> !queue.contains(s)).forEach(queue::add);
            }
        }
    }

    private void record(String stream, List<Effect> effects) {
        reconciled.add(stream);
        for (Effect effect : effects) {
            if (effect instanceof Effect.Append append) {
                notes.computeIfAbsent(stream, s -> new ArrayList<>()).addAll(append.batch().events());
            } else if (effect instanceof Effect.WriteFlag write) {
                flags.computeIfAbsent(stream, s -> new ArrayList<>()).add(write.change());
            }
        }
    }

    /** Every stream reconciled, in order. */
    Set<String> reconciled() {
        return reconciled;
    }

    List<AuditEvent> notes(String stream) {
        return notes.getOrDefault(stream, List.of());
    }

    List<FlagChange> flagWrites(String stream) {
        return flags.getOrDefault(stream, List.of());
    }

    /** The state after everything. */
    ControllerState end() {
        return end;
    }
}
