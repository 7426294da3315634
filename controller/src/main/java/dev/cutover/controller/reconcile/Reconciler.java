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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final Map<String, Decision> groupDecisions = new LinkedHashMap<>();

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
        return new Decision(Optional.of(next), notes, Optional.ofNullable(flagChange), groupDecisions);
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
        streamEvidence(state).tooSlow(state, state.canaryFrom()).ifPresent(slow -> problems.add("stream "
                + state.stream() + ": " + slow + "; wait for it and flip again, or override the preflight"));
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
        Optional<GroupView> group = in.group().get();
        if (group.isEmpty()) {
            return Transitions.cutover(state, cutoverHour(in.observed()), why, in.plan(), in.now(), notes);
        }
        // a group cuts over at one hour, all members in this step (stored in one batch), once every member is ready
        GroupView g = group.get();
        String production = settings.productionDatabase().value();
        Optional<String> waiting = g.waiting(state.stream(), production);
        if (waiting.isPresent()) {
            List<String> problems = List.of(waiting.get());
            if (!problems.equals(state.problems())) {
                notes.add(Note.controller("PREFLIGHT: waiting for its group (routes unchanged)", problems.get(0)));
            }
            return state.withPhase(Phase.PREFLIGHT, in.now()).withProblems(problems);
        }
        Hour h = cutoverHour(in.observed());
        for (GroupView.Member m : g.others()) {
            Hour own = Transitions.cutoverHour(m.observed(), settings, in.now());
            h = own.isAfter(h) ? own : h;
        }
        String together = "; " + g.group().describe() + " cuts over together from " + h;
        for (GroupView.Member m : g.others()) {
            List<Note> memberNotes = new ArrayList<>();
            StreamState next = Transitions.cutover(m.state().orElseThrow(), h, "preflight passed for every member"
                    + together + " (started by " + state.stream() + "'s reconcile)", in.plan(), in.now(),
                    memberNotes);
            groupDecisions.put(m.stream(), new Decision(Optional.of(next), memberNotes, Optional.empty()));
        }
        return Transitions.cutover(state, h, why + together, in.plan(), in.now(), notes);
    }

    /** The cutover hour H: the first hour not yet committed to production (no hour is split between jobs). */
    private Hour cutoverHour(StreamObservations observed) {
        return Transitions.cutoverHour(observed, settings, in.now());
    }

    private StreamState abandonPreflight(StreamState state, String when) {
        notes.add(Note.controller(state.phase() + " -> ROLLING_BACK -> SHADOW",
                "flag reverted " + when + "; no route had changed, nothing to restore"));
        return state.withPhase(Phase.SHADOW, in.now()).withProblems(List.of()).withOverridden(false);
    }

    private StreamState considerPromotion(StreamState state) {
        MigrationPlan plan = in.plan();
        Optional<GroupView> group = plan.groupOf(state.stream()).isPresent() ? in.group().get() : Optional.empty();
        boolean candidate = plan.autoPromote() && plan.lists(state.stream()) && sufficient(state, state.canaryFrom())
                && group.map(GroupView::othersEligible).orElse(true);
        if (!candidate) {
            if (state.phase() == Phase.READY_TO_PROMOTE) {
                notes.add(Note.controller("READY_TO_PROMOTE -> SHADOW", "canary evidence no longer sufficient: "
                        + evidence(state, state.canaryFrom()).summary() + group.map(g -> " (or not every member of "
                        + g.group().describe() + " has earned it)").orElse("")));
                return state.withPhase(Phase.SHADOW, in.now()).withProblems(List.of());
            }
            return state;
        }
        if (!in.gate().promotionTurn()) {
            return state;
        }
        CanaryEvidence evidence = evidence(state, state.canaryFrom());
        String groupWhy = group.map(g -> "; every member of " + g.group().describe() + " has earned its evidence:"
                + " one write for the group").orElse("");
        List<String> also = group.map(g -> g.others().stream().map(GroupView.Member::stream).toList())
                .orElse(List.of());
        if (in.flagWritable()) {
            flagChange = new FlagChange(state.stream(), FlagChange.Kind.PROMOTE, Note.AUTO_PROMOTER,
                    "canary evidence: " + evidence.summary() + groupWhy, also);
            return state;
        }
        List<String> members = new java.util.ArrayList<>(List.of(state.stream()));
        members.addAll(also);
        String patch = ConfigPatch.promote(settings, members);
        List<String> problems = List.of("stream " + state.stream() + ": ready to promote (" + evidence.summary()
                + groupWhy + ") but the config source is read-only; apply this patch: " + patch);
        if (state.phase() != Phase.READY_TO_PROMOTE) {
            notes.add(new Note(Note.AUTO_PROMOTER, "SHADOW -> READY_TO_PROMOTE", problems.get(0)));
        }
        return state.withPhase(Phase.READY_TO_PROMOTE, in.now()).withProblems(problems);
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
            Optional<GroupView> group = plan.groupOf(state.stream()).isPresent() ? in.group().get() : Optional.empty();
            List<String> also = group.map(g -> g.others().stream().filter(GroupView.Member::flagSaysNew)
                    .map(GroupView.Member::stream).toList()).orElse(List.of());
            flagChange = new FlagChange(state.stream(), FlagChange.Kind.REVERT, Note.AUTO_ROLLBACK,
                    fails.size() + " FAIL hour(s) since the cutover at " + state.cutoverHour() + ": " + fails
                            + " (limit " + plan.autoRollbackFailHours() + ")" + group.map(g -> "; "
                            + g.group().describe() + " rolls back together").orElse(""), also);
        }
        return state;
    }

    private StreamState startRollback(StreamState state) {
        String why = "flag reverted: " + settings.flagPointer() + " no longer says " + settings.productionDatabase();
        Optional<GroupView> group = in.group().get();
        Optional<String> refused = group.flatMap(g -> g.rollbackRefusal(state.stream(), settings));
        if (refused.isPresent()) {
            List<String> problems = List.of(refused.get());
            if (!problems.equals(state.problems())) {
                notes.add(Note.controller(state.phase() + ": flag revert refused (routes unchanged)", problems.get(0)));
            }
            return state.withProblems(problems);
        }
        if (group.isPresent()) {
            // a rollback of one member rolls back the group: the others in this step, and their flags in one write
            GroupView g = group.get();
            List<String> revert = new ArrayList<>();
            for (GroupView.Member m : g.others()) {
                if (m.cutOver()) {
                    List<Note> memberNotes = new ArrayList<>();
                    StreamState next = Transitions.rollback(m.state().orElseThrow(), m.observed(), "rolled back with "
                            + g.group().describe() + ": " + state.stream() + "'s flag was reverted", in.plan(),
                            in.now(), memberNotes);
                    groupDecisions.put(m.stream(), new Decision(Optional.of(next), memberNotes, Optional.empty()));
                }
                if (m.flagSaysNew()) {
                    revert.add(m.stream());
                }
            }
            if (!revert.isEmpty() && in.flagWritable() && flagChange == null) {
                flagChange = new FlagChange(revert.get(0), FlagChange.Kind.REVERT, Note.CONTROLLER, "rollback of "
                        + g.group().describe() + ": " + state.stream() + "'s flag was reverted", revert.subList(1,
                        revert.size()));
            }
            why += "; " + g.group().describe() + " rolls back together";
        }
        StreamState next = Transitions.rollback(state, in.observed(), why, in.plan(), in.now(), notes);
        return rollbackProgress(next, false);
    }

    private StreamState rollbackProgress(StreamState state, boolean newLeads) {
        Hour h = state.cutoverHour() == null ? state.currentSegment().fromHour() : state.cutoverHour();
        if (WorkPlanner.productionPending(state, in.observed(), settings, h)) {
            List<String> problems = newLeads ? List.of("stream " + state.stream() + ": the flag says "
                    + settings.productionDatabase() + " again; the cutover starts once the rollback has restored"
                    + " production" + in.plan().groupOf(state.stream()).map(g -> " and every member of "
                    + g.describe() + " is ready again (a member's rollback rolls back the group)").orElse(""))
                    : List.of();
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

    /**
     * What the preflight of {@code state} refuses (another group member's, asked by the member that would cut the
     * group over): insufficient canary evidence from its canary start, and the schema problems. Empty = passes.
     */
    public static List<String> preflightProblems(StreamState state, StreamObservations observed,
                                                 GatePolicy.Evidence evidence, CutoverSettings settings) {
        List<String> problems = new ArrayList<>();
        if (!evidence.sufficient(state, state.canaryFrom())) {
            problems.add("canary evidence insufficient");
        }
        problems.addAll(Preflight.schemaProblems(state, observed, settings));
        return problems;
    }

    private StreamEvidence streamEvidence(StreamState state) {
        return new StreamEvidence(in.plan(), in.observed(),
                in.plans().filter(p -> p.observed() == in.observed() && p.derivedFor(state, settings)));
    }

    /** {@link StreamEvidence#sufficient}: the canary evidence (rules, LATE hours) and the refines' speed. */
    private boolean sufficient(StreamState state, Hour since) {
        return streamEvidence(state).sufficient(state, since);
    }

    private CanaryEvidence evidence(StreamState state, Hour since) {
        return streamEvidence(state).of(state, since);
    }
}
