package dev.cutover.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.controller.model.Phase;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What a run did and found, as the summary table or JSON. Wall-clock figures are the only non-deterministic part. */
public record SimulationResult(SimOptions options, int streams, int hours, int hoursRun, double seconds,
                               Map<Phase, Integer> phases, Counts counts, Map<FaultKind, Long> faults, long checks,
                               long steps, long restarts, Optional<Violation> violation, List<String> trace) {

    /** Counters the simulation keeps as it goes. */
    public static final class Counts {
        String origin = "";
        String routeLog = "journal";
        long compared;
        long cutovers;
        long groupCutovers;
        long rollbacks;
        long operatorRollbacks;
        long kills;
        long refusedBatches;
        long refusals;
    }

    public boolean ok() {
        return violation.isEmpty();
    }

    public double streamHoursPerSecond() {
        return seconds <= 0 ? 0 : (double) streams * hoursRun / seconds;
    }

    private int phase(Phase... any) {
        int n = 0;
        for (Phase p : any) {
            n += phases.getOrDefault(p, 0);
        }
        return n;
    }

    /** The deterministic part of the summary (no wall-clock figures): equal for equal options. */
    public String deterministicSummary() {
        StringBuilder out = new StringBuilder();
        row(out, "seed", Long.toString(options.seed()));
        row(out, "streams x days", streams + " x " + options.days() + " (" + (long) streams * hours + " stream-hours)");
        row(out, "stream shapes", counts.origin);
        row(out, "injected bug", options.bug().map(InjectedBug::wireName).orElse("none"));
        row(out, "hours simulated", hoursRun + " of " + hours);
        row(out, "streams promoted (now PROMOTED, READY_TO_DECOMMISSION)",
                Integer.toString(phase(Phase.PROMOTED, Phase.READY_TO_DECOMMISSION)));
        row(out, "streams decommissioned", Integer.toString(phase(Phase.DECOMMISSIONED)));
        row(out, "streams in SHADOW / PREFLIGHT / CUTOVER / ROLLING_BACK", phase(Phase.SHADOW, Phase.READY_TO_PROMOTE)
                + " / " + phase(Phase.PREFLIGHT) + " / " + phase(Phase.CUTOVER) + " / " + phase(Phase.ROLLING_BACK));
        row(out, "streams blocked / invalid / orphaned", phase(Phase.BLOCKED) + " / " + phase(Phase.INVALID) + " / "
                + phase(Phase.ORPHANED));
        row(out, "cutovers started (of groups)", counts.cutovers + " (" + counts.groupCutovers + ")");
        row(out, "rollbacks (reverts; by operators)", counts.rollbacks + " (" + counts.operatorRollbacks + ")");
        row(out, "hours compared (verdicts delivered)", Long.toString(counts.compared));
        row(out, "controller steps / restarts", steps + " / " + restarts);
        row(out, "report batches refused", Long.toString(counts.refusedBatches));
        for (Map.Entry<FaultKind, Long> f : faults.entrySet()) {
            row(out, "fault " + f.getKey().wireName(), Long.toString(f.getValue()));
        }
        row(out, "invariant checks run", Long.toString(checks));
        row(out, "violations", violation.isPresent() ? "1" : "0");
        violation.ifPresent(v -> {
            out.append("\nVIOLATION (seed ").append(options.seed()).append(", hour ").append(hoursRun).append(", step ")
                    .append(steps).append("): ").append(v.getMessage()).append('\n');
            out.append("trace of ").append(v.stream() == null ? "the controller" : v.stream()).append(":\n");
            trace.forEach(line -> out.append("  ").append(line).append('\n'));
            out.append("reproduce: ").append(reproduce()).append('\n');
        });
        return out.toString();
    }

    /** The command line that runs this simulation again (every option that shapes the run). */
    String reproduce() {
        StringBuilder cmd = new StringBuilder("./cutover simulate --streams ").append(streams).append(" --days ")
                .append(options.days()).append(" --seed ").append(options.seed());
        if (!options.faults().equals(java.util.EnumSet.allOf(FaultKind.class))) {
            cmd.append(" --faults ").append(options.faults().isEmpty() ? "none" : String.join(",",
                    options.faults().stream().sorted().map(FaultKind::wireName).toList()));
        }
        options.rates().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> cmd.append(" --rate ")
                .append(e.getKey().wireName()).append('=').append(e.getValue()));
        options.plan().ifPresent(p -> cmd.append(" --plan ").append(p));
        options.bug().ifPresent(b -> cmd.append(" --inject-bug ").append(b.wireName()));
        options.kafka().ifPresent(k -> cmd.append(" --kafka ").append(k));
        return cmd.toString();
    }

    public String table() {
        StringBuilder out = new StringBuilder(deterministicSummary());
        row(out, "controller route log", counts.routeLog);
        row(out, "wall time", String.format(Locale.ROOT, "%.1f s", seconds));
        row(out, "throughput", String.format(Locale.ROOT, "%.0f simulated stream-hours/s", streamHoursPerSecond()));
        return out.toString();
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "%-58s %s%n", name, value));
    }

    public String json() {
        ObjectMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        ObjectNode root = json.createObjectNode();
        root.put("seed", options.seed());
        root.put("streams", streams);
        root.put("days", options.days());
        root.put("injected_bug", options.bug().map(InjectedBug::wireName).orElse(null));
        root.put("hours_simulated", hoursRun);
        ObjectNode p = root.putObject("phases");
        phases.forEach((k, v) -> p.put(k.name(), v));
        root.put("cutovers", counts.cutovers);
        root.put("group_cutovers", counts.groupCutovers);
        root.put("rollbacks", counts.rollbacks);
        root.put("hours_compared", counts.compared);
        root.put("controller_steps", steps);
        root.put("controller_restarts", restarts);
        root.put("route_log", counts.routeLog);
        ObjectNode f = root.putObject("faults");
        faults.forEach((k, v) -> f.put(k.wireName(), v));
        root.put("invariant_checks", checks);
        root.put("violations", violation.isPresent() ? 1 : 0);
        violation.ifPresent(v -> {
            ObjectNode o = root.putObject("violation");
            o.put("invariant", v.invariant());
            o.put("stream", v.stream());
            o.put("message", v.getMessage());
            o.put("step", steps);
            trace.forEach(o.putArray("trace")::add);
        });
        root.put("seconds", seconds);
        root.put("stream_hours_per_second", streamHoursPerSecond());
        try {
            return json.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
