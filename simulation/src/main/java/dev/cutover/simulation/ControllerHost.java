package dev.cutover.simulation;

import dev.cutover.controller.core.Controller;
import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.DomainError;
import dev.cutover.controller.core.Effect;
import dev.cutover.controller.core.Event;
import dev.cutover.controller.core.LayerInfo;
import dev.cutover.controller.core.Reconciliation;
import dev.cutover.controller.core.Reply;
import dev.cutover.controller.core.Role;
import dev.cutover.controller.core.Step;
import dev.cutover.controller.core.Trigger;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.controller.routelog.RouteLogException;
import dev.cutover.protocol.Report;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.PollOutcome;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.Revision;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real controller driven by the simulation: the pure {@link Controller#step} on events the simulation makes,
 * its effects routed here as the service's {@code EffectRunner} performs them (appends to the real route log: the
 * journal in a temporary state directory, or Kafka's topics; flag writes into the simulated override layer,
 * reconciles coalesced per stream, polls
 * through the real {@link ConfigTracker}). A kill -9 stops it anywhere between two effects; a restart reads the
 * route log back, compacts it and starts from it with the last-known-good config, as the service does.
 */
public final class ControllerHost {

    /** Told about every step (the invariant checker), with the state before and the effects performed. */
    public interface Listener {
        void stepped(ControllerState before, Event event, Step step, ControllerState after, boolean appended);
    }

    private final MigrationPlan plan;
    private final Path stateDir;
    private final SimConfigSource source;
    private final Clock clock;
    private final Faults faults;
    private final Listener listener;
    private final Map<String, Trigger> queue = new LinkedHashMap<>();
    private final Deque<Event> events = new ArrayDeque<>();
    private final java.util.function.Supplier<RouteLog> routeLogs;
    private ConfigTracker tracker;
    private RouteLog log;
    private ControllerState state;
    private ControllerState published;
    private boolean up;
    private long reconcileSeq;
    private long steps;
    private long killCountdown = -1;
    private long restarts;
    private final List<String> refusals = new java.util.ArrayList<>();

    /** A controller whose route log is the journal in {@code stateDir}. */
    public ControllerHost(MigrationPlan plan, Path stateDir, SimConfigSource source, Clock clock, Faults faults,
                          Listener listener) {
        this(plan, stateDir, source, clock, faults, listener,
                () -> JournalRouteLog.unsynced(stateDir, Integer.MAX_VALUE, clock));
    }

    /**
     * @param routeLogs a new route log for every (re)start, restored before use: the journal, or Kafka's topics
     *                  (each restart fences the killed instance, as a new controller process does)
     */
    public ControllerHost(MigrationPlan plan, Path stateDir, SimConfigSource source, Clock clock, Faults faults,
                          Listener listener, java.util.function.Supplier<RouteLog> routeLogs) {
        this.routeLogs = routeLogs;
        this.plan = plan;
        this.stateDir = stateDir;
        this.source = source;
        this.clock = clock;
        this.faults = faults;
        this.listener = listener;
    }

    /** Starts (or restarts) from the route log and the last-known-good config, as the service does. */
    public void start() {
        log = routeLogs.get();
        RouteLog.Restored restored = log.restore();
        log.compactAtStart();
        tracker = new ConfigTracker(source, stateDir, clock, TrackerPolicy.defaults());
        var lastKnownGood = tracker.start();
        state = ControllerState.initial(plan, tracker.status());
        up = true;
        queue.clear();
        events.clear();
        apply(new Event.Restored(clock.instant(), restored, Role.ACTIVE, lastKnownGood, tracker.status(), layerInfo(),
                log.describe()));
        poll();
        drain();
    }

    /** kill -9: nothing more of the current step's effects is performed; the route log is what it is. */
    public void kill() {
        if (!up) {
            return;
        }
        up = false;
        log.close();
        queue.clear();
        events.clear();
        killCountdown = -1;
    }

    /** Dies at a random point within the next steps' effects. */
    public void killSoon() {
        killCountdown = faults.random().nextInt(1, 400);
    }

    public void restart() {
        restarts++;
        start();
    }

    public boolean up() {
        return up;
    }

    public long restarts() {
        return restarts;
    }

    public long steps() {
        return steps;
    }

    /** What readers see (the last published state); while down, the last one published before the kill. */
    public ControllerState published() {
        return published;
    }

    /** The state as the controller holds it (the route log's, while down). */
    public ControllerState state() {
        return state;
    }

    public List<String> refusals() {
        return refusals;
    }

    public void poll() {
        if (!up) {
            return;
        }
        PollOutcome outcome = tracker.poll();
        apply(new Event.ConfigFetched(clock.instant(), outcome, tracker.current(), tracker.status(), layerInfo()));
    }

    /**
     * Delivers a batch of reports as the report endpoint does. Returns whether the controller acknowledged it: as the
     * service answers only after the step's route-log append ({@link Effect.Respond} comes after {@link Effect.Append}),
     * a batch is acknowledged only when it is stored. A worker marks its hours done only then; a kill between the
     * two leaves them due (the worker reports them again, a harmless duplicate).
     */
    public boolean reports(List<Report> reports) {
        if (!up || reports.isEmpty()) {
            return false;
        }
        Recorder reply = new Recorder("reports");
        apply(new Event.ReportsReceived(clock.instant(), reports, reply));
        return reply.succeeded;
    }

    /** The next kill happens before the {@code effects}-th effect from now (a test's deterministic kill). */
    void killBeforeEffect(int effects) {
        killCountdown = effects;
    }

    public void operator(String stream, Event.OperatorAction action, String why) {
        if (up) {
            apply(new Event.OperatorRequested(clock.instant(), stream, action, "sim-operator", why,
                    new Recorder(action + " " + stream)));
        }
    }

    /** Runs queued events and reconciles until none is left (bounded: a livelock is reported, not hung on). */
    public void drain() {
        int budget = 100_000 + 20 * (state == null ? 0 : state.streams().size());
        while (up && (!events.isEmpty() || !queue.isEmpty())) {
            if (--budget < 0) {
                throw new IllegalStateException("the controller did not settle: reconciles keep scheduling each"
                        + " other (" + queue.size() + " queued)");
            }
            if (!events.isEmpty()) {
                apply(events.poll());
                continue;
            }
            var first = queue.entrySet().iterator().next();
            queue.remove(first.getKey());
            apply(new Event.ReconcileDue(clock.instant(), new Reconciliation(++reconcileSeq, first.getValue(),
                    first.getKey())));
        }
    }

    private void apply(Event event) {
        ControllerState before = state;
        Step step = Controller.step(state, event);
        steps++;
        boolean appended = false;
        boolean pollNow = false;
        for (Effect effect : step.effects()) {
            if (killCountdown >= 0 && --killCountdown <= 0) {
                listener.stepped(before, event, step, state, appended);
                kill();
                return;
            }
            if (effect instanceof Effect.Append append) {
                try {
                    log.append(append.batch());
                    appended = true;
                } catch (RouteLogException e) {
                    listener.stepped(before, event, step, state, false);
                    events.add(new Event.EffectFailed(clock.instant(), effect, e.getMessage()));
                    return;
                }
            } else if (effect instanceof Effect.Publish) {
                published = step.next();
            } else if (effect instanceof Effect.WriteFlag write) {
                FlagChange change = write.change();
                Revision revision = null;
                for (String stream : change.streams()) { // a group's members: one write each in the simulated layer
                    Revision r = change.kind() == FlagChange.Kind.PROMOTE
                            ? source.promote(stream, change.who(), change.why())
                            : source.write(stream, Optional.empty(), change.who(), change.why());
                    revision = revision == null || !r.isNoop() ? r : revision;
                }
                events.add(new Event.FlagWritten(clock.instant(), write.ctx(), change, Optional.of(revision)));
            } else if (effect instanceof Effect.Schedule schedule) {
                schedule.streams().stream().sorted().forEach(s -> queue.putIfAbsent(s, schedule.trigger()));
            } else if (effect instanceof Effect.PollNow) {
                pollNow = true;
            } else if (effect instanceof Effect.Respond respond) {
                respond.reply().succeed(respond.body());
            } else if (effect instanceof Effect.Refuse refuse) {
                refuse.reply().fail(refuse.error());
            }
        }
        state = step.next();
        listener.stepped(before, event, step, state, appended);
        if (pollNow) {
            poll();
        }
    }

    private Optional<LayerInfo> layerInfo() {
        return plan.overrideLayer().map(file -> new LayerInfo(file, true, List.of()));
    }

    /** A reply: whether it succeeded; refusals are kept for the summary. */
    private final class Recorder implements Reply {
        private final String what;
        private boolean succeeded;

        Recorder(String what) {
            this.what = what;
        }

        @Override
        public void succeed(Object body) {
            succeeded = true;
        }

        @Override
        public void fail(DomainError error) {
            refusals.add(what + ": " + error);
        }
    }

    Instant now() {
        return clock.instant();
    }
}
