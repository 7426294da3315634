package dev.cutover.controller.service;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.DomainError;
import dev.cutover.controller.core.Effect;
import dev.cutover.controller.core.Event;
import dev.cutover.controller.core.Step;
import dev.cutover.controller.core.Trigger;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.controller.routelog.StreamRecord;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.Report;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.source.Revision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Performs a step's effects in order against its ports and turns failures into events. A failing append stops the
 * step: nothing after it happens (replies waiting for it are refused with 503) and the step's state is not
 * committed. Any other failing effect (a flag write, a poll request) is reported as an
 * {@link Event.EffectFailed} and the rest goes on (what was appended stays). Log effects go to the
 * {@code dev.cutover.controller.core.Controller} logger.
 */
public final class EffectRunner {

    private static final Logger LOG = LoggerFactory.getLogger(dev.cutover.controller.core.Controller.class);

    /** What effects act on. */
    public interface Ports {
        /** Stores a batch durably (all or nothing) or throws. */
        void append(RouteLog.Batch batch);

        /**
         * Writes the flag into the layer if it is {@code expected} or a later version of it; empty when nothing
         * needed writing.
         */
        Optional<Revision> writeFlag(FlagChange change, OverrideHead expected);

        void publish(ControllerState state);

        void schedule(Set<String> streams, Trigger trigger);

        void pollNow();

        void countApplied(List<Report> reports);

        /** Counts a failed reconcile of {@code stream}. */
        void countReconcileFailure(String stream);

        /** Observes new landings' lags (metrics); nothing by default. */
        default void observeLandingLags(List<Effect.LandingLag> lags) {
        }

        /** Observes a group of reconciles decided and stored together, and how long that took; nothing by default. */
        default void observeReconcileGroup(int reconciles, java.time.Duration took) {
        }
    }

    /** Whether the step's state may be committed, and the events its effects produced. */
    public record Result(boolean committed, List<Event> followUps) {
        public Result {
            followUps = List.copyOf(followUps);
        }
    }

    private final Ports ports;
    private final Clock clock;

    public EffectRunner(Ports ports, Clock clock) {
        this.ports = ports;
        this.clock = clock;
    }

    public Result run(Step step) {
        List<Event> followUps = new ArrayList<>();
        List<Effect> effects = step.effects();
        for (int i = 0; i < effects.size(); i++) {
            Effect effect = effects.get(i);
            if (effect instanceof Effect.Append append) {
                try {
                    ports.append(append.batch());
                } catch (RuntimeException e) {
                    followUps.add(new Event.EffectFailed(clock.instant(), append, message(e)));
                    refuseWaiting(effects.subList(i + 1, effects.size()), message(e));
                    return new Result(false, followUps);
                }
                continue;
            }
            try {
                perform(step, effect, followUps);
            } catch (RuntimeException e) {
                followUps.add(new Event.EffectFailed(clock.instant(), effect, message(e)));
            }
        }
        return new Result(true, followUps);
    }

    /**
     * Whether a step may share its append with the steps after it ({@link #runGroup}): its effects only store,
     * publish, schedule, count and log. A step that writes a flag, asks for a poll or answers a request ends a group,
     * so what its effects feed back is handled before any later step is decided.
     */
    public static boolean groupable(Step step) {
        for (Effect effect : step.effects()) {
            if (!(effect instanceof Effect.Append || effect instanceof Effect.Publish
                    || effect instanceof Effect.Schedule || effect instanceof Effect.Log
                    || effect instanceof Effect.CountApplied || effect instanceof Effect.ObserveLandingLags
                    || effect instanceof Effect.CountReconcileFailure)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Performs consecutive steps (each decided on the one before's state) as one: their appends are stored as one
     * batch, in order, so a group costs one fsync (one Kafka transaction) instead of one per step; only when that
     * succeeded do their other effects run, in order, and the last step's state is published once. When the append
     * fails nothing of any step happened and none may be committed. Every step but the last must be
     * {@link #groupable}.
     */
    /** Tells the ports how long a group of {@code reconciles} took to decide and store (metrics). */
    public void observeGroup(int reconciles, java.time.Duration took) {
        ports.observeReconcileGroup(reconciles, took);
    }

    public Result runGroup(List<Step> steps) {
        if (steps.size() == 1) {
            return run(steps.get(0));
        }
        List<StreamRecord> routes = new ArrayList<>();
        List<AuditEvent> events = new ArrayList<>();
        List<ReportRecord> reports = new ArrayList<>();
        for (Step step : steps) {
            for (Effect effect : step.effects()) {
                if (effect instanceof Effect.Append append) {
                    routes.addAll(append.batch().routes());
                    events.addAll(append.batch().events());
                    reports.addAll(append.batch().reports());
                }
            }
        }
        List<Event> followUps = new ArrayList<>();
        Effect.Append merged = new Effect.Append(new RouteLog.Batch(routes, events, reports));
        if (!merged.batch().isEmpty()) {
            try {
                ports.append(merged.batch());
            } catch (RuntimeException e) {
                followUps.add(new Event.EffectFailed(clock.instant(), merged, message(e)));
                steps.forEach(step -> refuseWaiting(step.effects(), message(e)));
                return new Result(false, followUps);
            }
        }
        boolean publish = false;
        for (Step step : steps) {
            for (Effect effect : step.effects()) {
                if (effect instanceof Effect.Append) {
                    continue;
                }
                if (effect instanceof Effect.Publish) {
                    publish = true;
                    continue;
                }
                try {
                    perform(step, effect, followUps);
                } catch (RuntimeException e) {
                    followUps.add(new Event.EffectFailed(clock.instant(), effect, message(e)));
                }
            }
        }
        if (publish) {
            ports.publish(steps.get(steps.size() - 1).next());
        }
        return new Result(true, followUps);
    }

    private void perform(Step step, Effect effect, List<Event> followUps) {
        if (effect instanceof Effect.Publish) {
            ports.publish(step.next());
        } else if (effect instanceof Effect.WriteFlag write) {
            Optional<Revision> revision = ports.writeFlag(write.change(), write.expected());
            followUps.add(new Event.FlagWritten(clock.instant(), write.ctx(), write.change(), revision));
        } else if (effect instanceof Effect.Schedule schedule) {
            ports.schedule(schedule.streams(), schedule.trigger());
        } else if (effect instanceof Effect.PollNow) {
            ports.pollNow();
        } else if (effect instanceof Effect.Respond respond) {
            respond.reply().succeed(respond.body());
        } else if (effect instanceof Effect.Refuse refuse) {
            refuse.reply().fail(refuse.error());
        } else if (effect instanceof Effect.CountApplied count) {
            ports.countApplied(count.reports());
        } else if (effect instanceof Effect.ObserveLandingLags landings) {
            ports.observeLandingLags(landings.lags());
        } else if (effect instanceof Effect.CountReconcileFailure failure) {
            ports.countReconcileFailure(failure.stream());
        } else if (effect instanceof Effect.Log log) {
            log(log);
        }
    }

    /** Replies the step would have given after a failed append: refused, nothing was stored. */
    private static void refuseWaiting(List<Effect> skipped, String problem) {
        DomainError error = new DomainError.Unavailable("not stored, nothing changed: " + problem);
        for (Effect effect : skipped) {
            if (effect instanceof Effect.Respond respond) {
                respond.reply().fail(error);
            } else if (effect instanceof Effect.Refuse refuse) {
                refuse.reply().fail(refuse.error());
            }
        }
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static void log(Effect.Log log) {
        switch (log.level()) {
            case DEBUG -> LOG.debug("{}", log.message());
            case INFO -> LOG.info("{}", log.message());
            case WARN -> LOG.warn("{}", log.message());
            case ERROR -> LOG.error("{}", log.message());
        }
    }
}
