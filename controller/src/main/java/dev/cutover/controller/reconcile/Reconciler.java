package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.model.Note;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.SwitchState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cutover state machine of DESIGN.md as a pure function: desired config + plan + observed commits +
 * clock -> {@link Decision}. It never performs effects; the executor stores the next state, appends the notes
 * to the audit log and performs the flag write, if any.
 */
public final class Reconciler {

    private final ReconcileInput in;
    private final CutoverSettings settings;
    private final List<Note> notes = new ArrayList<>();
    private FlagChange flagChange;

    private Reconciler(ReconcileInput in) {
        this.in = in;
        this.settings = in.plan().settings();
    }

    public static Decision reconcile(ReconcileInput in) {
        return new Reconciler(in).run();
    }

    private Decision run() {
        Optional<SwitchState> desired = in.desired();
        boolean managed = desired.map(SwitchState::managed).orElse(false);
        StreamState state;
        if (in.current().isEmpty()) {
            if (!managed) {
                return Decision.unmanaged();
            }
            state = StreamState.initial(in.stream(), settings.legacyJob(), in.now(), in.plan().writeLease(),
                    in.highestEpoch());
            notes.add(Note.controller("managed: " + settings.legacyJob() + " leads (writes "
                    + settings.productionDatabase() + "), " + settings.newJob() + " shadows into "
                    + settings.newShadow() + ", epoch " + state.epoch() + (in.highestEpoch() > 0 ? " (above epoch "
                    + in.highestEpoch() + ", the highest it had before: epochs are never reused)" : ""),
                    "hive ingestion is enabled in the config"));
        } else {
            state = in.current().get();
            if (state.epoch() < in.highestEpoch()) {
                notes.add(Note.controller("epoch raised from " + state.epoch() + " to " + in.highestEpoch()
                        + ", routes unchanged", "the route log holds epoch " + in.highestEpoch() + " for this stream"
                        + " (its later records were cut off by a repair): the next routing change gets a new epoch"));
                state = state.withEpochAtLeast(in.highestEpoch());
            }
        }
        if (!managed) {
            String why = desired.isEmpty() ? "the stream vanished from a good config snapshot"
                    : "hive ingestion is no longer enabled for it";
            return done(suspend(state, Phase.ORPHANED, List.of("stream " + in.stream() + ": " + why
                    + "; its routes are kept (never rolled back silently); restore the entry, or roll back first"),
                    why));
        }
        SwitchState want = desired.get();
        if (want.position() == SwitchState.Position.INVALID) {
            return done(suspend(state, Phase.INVALID, want.problems(), "its config entry cannot be applied"));
        }
        if (state.phase() == Phase.INVALID || state.phase() == Phase.ORPHANED) {
            Phase back = state.suspendedPhase() == null ? Phase.SHADOW : state.suspendedPhase();
            notes.add(Note.controller(state.phase() + " -> " + back, state.phase() == Phase.INVALID
                    ? "the flag is valid again" : "the stream is back in the config"));
            state = state.withPhase(back, in.now()).withSuspendedPhase(null).withProblems(List.of());
        }
        return done(step(state, want.position() == SwitchState.Position.NEW_LEADS));
    }

    private Decision done(StreamState next) {
        return new Decision(Optional.of(next), notes, Optional.ofNullable(flagChange));
    }

    private StreamState suspend(StreamState state, Phase phase, List<String> problems, String why) {
        if (state.phase() == phase && state.problems().equals(problems)) {
            return state;
        }
        Phase resume = state.phase() == Phase.INVALID || state.phase() == Phase.ORPHANED
                ? state.suspendedPhase() : state.phase();
        if (state.phase() != phase) {
            notes.add(Note.controller(state.phase() + " -> " + phase + " (routes unchanged, epoch "
                    + state.epoch() + ")", why + ": " + String.join("; ", problems)));
        }
        return state.withPhase(phase, in.now()).withSuspendedPhase(resume).withProblems(problems);
    }

    private StreamState step(StreamState state, boolean newLeads) {
        return switch (state.phase()) {
            case SHADOW, READY_TO_PROMOTE -> newLeads ? enterPreflight(state) : considerPromotion(state);
            case PREFLIGHT -> newLeads ? preflight(state) : abandonPreflight(state, "during preflight");
            case BLOCKED -> newLeads ? (state.overridden() ? preflight(state) : state)
                    : abandonPreflight(state, "while blocked");
            case CUTOVER -> newLeads ? cutoverProgress(state) : startRollback(state);
            case PROMOTED, READY_TO_DECOMMISSION -> newLeads ? soaking(state) : startRollback(state);
            case DECOMMISSIONED -> decommissioned(state, newLeads);
            case ROLLING_BACK -> rollbackProgress(state, newLeads);
            case INVALID, ORPHANED -> throw new IllegalStateException("resumed above");
        };
    }

    private StreamState enterPreflight(StreamState state) {
        notes.add(Note.controller(state.phase() + " -> PREFLIGHT", settings.flagPointer() + " = "
                + settings.productionDatabase() + ": the new job should lead"));
        return preflight(state.withPhase(Phase.PREFLIGHT, in.now()));
    }

    private StreamState preflight(StreamState state) {
        Gate gate = in.gate();
        if (!gate.cutoverSlotFree()) {
            List<String> waiting = List.of("stream " + state.stream() + ": waiting for a cutover slot: "
                    + gate.reason());
            return state.phase() == Phase.PREFLIGHT && state.problems().equals(waiting) ? state
                    : state.withPhase(Phase.PREFLIGHT, in.now()).withProblems(waiting);
        }
        CanaryEvidence evidence = evidence(state, state.canaryFrom());
        List<String> problems = new ArrayList<>();
        if (!evidence.sufficient()) {
            problems.add("stream " + state.stream() + ": canary evidence insufficient (" + evidence.summary()
                    + "); wait for it and flip again, or override the preflight");
        }
        problems.addAll(Preflight.schemaProblems(state, in.observed(), settings));
        if (!problems.isEmpty() && !state.overridden()) {
            if (state.phase() == Phase.BLOCKED) {
                return state;
            }
            notes.add(Note.controller("PREFLIGHT -> BLOCKED (routes unchanged)", String.join("; ", problems)));
            return state.withPhase(Phase.BLOCKED, in.now()).withProblems(problems);
        }
        String why = problems.isEmpty() ? "preflight passed: " + evidence.summary()
                : "preflight overridden despite: " + String.join("; ", problems);
        return startCutover(state, why);
    }

    private StreamState startCutover(StreamState state, String why) {
        Hour h = cutoverHour(in.observed());
        StreamState next = state.withRoutesFrom(h, settings.newJob(), false, h, in.now(), in.plan().writeLease())
                .withPhase(Phase.CUTOVER, in.now()).withPromotedAt(null).withProblems(List.of()).withOverridden(false);
        notes.add(Note.controller(state.phase() + " -> CUTOVER: from " + h + " " + settings.newJob() + " writes "
                + settings.productionDatabase() + ", " + settings.legacyJob() + " writes " + settings.legacyShadow()
                + ", epoch " + next.epoch() + "; rerun of " + h + " requested", why));
        return next;
    }

    /** The cutover hour H: the first hour not yet committed to production (no hour is split between jobs). */
    private Hour cutoverHour(StreamObservations observed) {
        return observed.lastCommittedIn(settings.productionDatabase().value()).map(Hour::next)
                .or(observed::firstObserved)
                .orElse(Hour.containing(in.now()));
    }

    private StreamState abandonPreflight(StreamState state, String when) {
        notes.add(Note.controller(state.phase() + " -> ROLLING_BACK -> SHADOW",
                "flag reverted " + when + "; no route had changed, nothing to restore"));
        return state.withPhase(Phase.SHADOW, in.now()).withProblems(List.of()).withOverridden(false);
    }

    private StreamState considerPromotion(StreamState state) {
        MigrationPlan plan = in.plan();
        boolean candidate = plan.autoPromote() && plan.lists(state.stream()) && sufficient(state, state.canaryFrom());
        if (!candidate) {
            if (state.phase() == Phase.READY_TO_PROMOTE) {
                notes.add(Note.controller("READY_TO_PROMOTE -> SHADOW", "canary evidence no longer sufficient: "
                        + evidence(state, state.canaryFrom()).summary()));
                return state.withPhase(Phase.SHADOW, in.now()).withProblems(List.of());
            }
            return state;
        }
        if (!in.gate().promotionTurn()) {
            return state;
        }
        CanaryEvidence evidence = evidence(state, state.canaryFrom());
        if (in.flagWritable()) {
            flagChange = new FlagChange(state.stream(), FlagChange.Kind.PROMOTE, Note.AUTO_PROMOTER,
                    "canary evidence: " + evidence.summary());
            return state;
        }
        String patch = "{\"" + state.stream() + "\": " + flagPatch(settings.productionDatabase().value()) + "}";
        List<String> problems = List.of("stream " + state.stream() + ": ready to promote (" + evidence.summary()
                + ") but the config source is read-only; apply this patch: " + patch);
        if (state.phase() != Phase.READY_TO_PROMOTE) {
            notes.add(new Note(Note.AUTO_PROMOTER, "SHADOW -> READY_TO_PROMOTE", problems.get(0)));
        }
        return state.withPhase(Phase.READY_TO_PROMOTE, in.now()).withProblems(problems);
    }

    /** The JSON that sets the flag, nested along the flag pointer. */
    private String flagPatch(String value) {
        String json = "\"" + value + "\"";
        String[] parts = settings.flagPointer().toString().substring(1).split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            json = "{\"" + parts[i] + "\": " + json + "}";
        }
        return json;
    }

    private StreamState cutoverProgress(StreamState state) {
        Hour h = state.cutoverHour();
        String production = settings.productionDatabase().value();
        boolean rerunDone = in.observed().at(h).in(production)
                .filter(c -> c.writtenBy(settings.newJob(), production, state.segmentFor(h).epoch())).isPresent();
        if (!rerunDone) {
            return considerAutoRollback(state);
        }
        notes.add(Note.controller("CUTOVER -> PROMOTED", settings.newJob() + " committed the cutover hour " + h
                + " to " + production + " under epoch " + state.epoch() + "; soaking for " + in.plan().soak()));
        return considerAutoRollback(state.withPhase(Phase.PROMOTED, in.now()).withPromotedAt(in.now()));
    }

    private StreamState soaking(StreamState state) {
        StreamState next = considerAutoRollback(state);
        if (flagChange != null) {
            return next;
        }
        if (next.phase() == Phase.PROMOTED && next.promotedAt() != null
                && !in.now().isBefore(next.promotedAt().plus(in.plan().soak()))) {
            notes.add(Note.controller("PROMOTED -> READY_TO_DECOMMISSION", "soaked for " + in.plan().soak()
                    + " since " + next.promotedAt() + "; decommission on an explicit request"));
            next = next.withPhase(Phase.READY_TO_DECOMMISSION, in.now());
        }
        if (next.phase() == Phase.READY_TO_DECOMMISSION && next.decommissionRequested()) {
            Hour from = cutoverHour(in.observed());
            StreamState stopped = next.withRoutesFrom(from, settings.newJob(), true, next.cutoverHour(), in.now(),
                    in.plan().writeLease())
                    .withPhase(Phase.DECOMMISSIONED, in.now()).withDecommissionRequested(false);
            notes.add(Note.controller("READY_TO_DECOMMISSION -> DECOMMISSIONED: " + settings.legacyJob()
                    + " stops from " + from + ", epoch " + stopped.epoch() + "; its shadow partitions in "
                    + settings.legacyShadow() + " are dropped", "decommission requested"));
            return stopped;
        }
        return next;
    }

    private StreamState considerAutoRollback(StreamState state) {
        MigrationPlan plan = in.plan();
        if (!plan.autoRollback() || !in.flagWritable() || state.cutoverHour() == null) {
            return state;
        }
        List<Hour> fails = evidence(state, state.cutoverHour()).allFailHours();
        if (fails.size() >= plan.autoRollbackFailHours()) {
            flagChange = new FlagChange(state.stream(), FlagChange.Kind.REVERT, Note.AUTO_ROLLBACK,
                    fails.size() + " FAIL hour(s) since the cutover at " + state.cutoverHour() + ": " + fails
                            + " (limit " + plan.autoRollbackFailHours() + ")");
        }
        return state;
    }

    private StreamState startRollback(StreamState state) {
        Hour h = state.cutover().orElseGet(() -> cutoverHour(in.observed()));
        StreamState next = state.withRoutesFrom(h, settings.legacyJob(), false, h, in.now(), in.plan().writeLease())
                .withPhase(Phase.ROLLING_BACK, in.now()).withPromotedAt(null).withProblems(List.of())
                .withEvidenceFrom(cutoverHour(in.observed()));
        notes.add(Note.controller(state.phase() + " -> ROLLING_BACK: from " + h + " " + settings.legacyJob()
                + " writes " + settings.productionDatabase() + " again, epoch " + next.epoch()
                + "; production hours from " + h + " are restored by copies from " + settings.legacyShadow()
                + " after " + settings.newJob() + "'s output is preserved in " + settings.newShadow(),
                "flag reverted: " + settings.flagPointer() + " no longer says " + settings.productionDatabase()));
        return rollbackProgress(next, false);
    }

    private StreamState rollbackProgress(StreamState state, boolean newLeads) {
        Hour h = state.cutoverHour() == null ? state.currentSegment().fromHour() : state.cutoverHour();
        if (WorkPlanner.productionPending(state, in.observed(), settings, h)) {
            List<String> problems = newLeads ? List.of("stream " + state.stream() + ": the flag says "
                    + settings.productionDatabase() + " again; the cutover starts once the rollback has restored"
                    + " production") : List.of();
            return state.withProblems(problems);
        }
        notes.add(Note.controller("ROLLING_BACK -> SHADOW", "production restored from " + h + ": every hour is "
                + settings.legacyJob() + "'s output under epoch " + state.segmentFor(h).epoch() + " or later"));
        StreamState shadow = state.withPhase(Phase.SHADOW, in.now()).withProblems(List.of());
        return newLeads ? enterPreflight(shadow) : shadow;
    }

    private StreamState decommissioned(StreamState state, boolean newLeads) {
        List<String> problems = newLeads ? List.of() : List.of("stream " + state.stream() + ": the flag was"
                + " reverted after decommissioning; " + settings.legacyJob() + " has stopped and its shadow output is"
                + " dropped, so production cannot be restored by copying; set the flag back to "
                + settings.productionDatabase());
        if (!problems.equals(state.problems()) && !newLeads) {
            notes.add(Note.controller("DECOMMISSIONED: flag revert ignored (routes unchanged)", problems.get(0)));
        }
        return state.withProblems(problems);
    }

    /** {@link CanaryEvidence#sufficient()} of {@link #evidence}, from the newest kept verdicts when there are. */
    private boolean sufficient(StreamState state, Hour since) {
        Optional<HourPlans> plans = plansFor(state);
        if (plans.isPresent()) {
            return plans.get().sufficient(in.plan().canary(), in.plan().rulesFor(state.stream()), since);
        }
        return evidence(state, since).sufficient();
    }

    private Optional<HourPlans> plansFor(StreamState state) {
        return in.plans().filter(p -> p.observed() == in.observed() && p.derivedFor(state, settings));
    }

    private CanaryEvidence evidence(StreamState state, Hour since) {
        Optional<HourPlans> plans = plansFor(state);
        if (plans.isPresent()) {
            return CanaryEvidence.of(plans.get().verdicts(), in.plan().canary(), in.plan().rulesFor(state.stream()),
                    since);
        }
        return CanaryEvidence.of(state, in.observed(), settings, in.plan().canary(), in.plan().rulesFor(state.stream()),
                since);
    }
}
