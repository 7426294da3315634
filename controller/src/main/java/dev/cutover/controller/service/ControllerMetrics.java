package dev.cutover.controller.service;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.WorkItem;
import dev.cutover.model.WorkReport;
import dev.cutover.streamconfig.source.SourceStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prometheus metrics: streams per phase, epoch per stream, config source state, poll latency, work backlog per
 * job and action, latest verdicts per stream and verdict, reports applied by this replica while active (per action
 * and status, wherever they came from: {@code POST /v1/reports} or the Kafka reports topic; see
 * {@link ControllerCore#onReportsApplied}), and whether this replica is the active controller
 * ({@code cutover_controller_active}), and whether config is held because the override layer went backwards
 * ({@code cutover_override_layer_held}). Gauges are refreshed on each scrape.
 */
public final class ControllerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ControllerCore core;
    private final MultiGauge phases;
    private final MultiGauge epochs;
    private final MultiGauge source;
    private final MultiGauge backlog;
    private final MultiGauge verdicts;
    private final Timer pollLatency;

    public ControllerMetrics(ControllerCore core, ReconcileQueue queue) {
        this.core = core;
        this.phases = MultiGauge.builder("cutover_streams").description("managed streams per phase").register(registry);
        this.epochs = MultiGauge.builder("cutover_stream_epoch").description("current epoch per stream")
                .register(registry);
        this.source = MultiGauge.builder("cutover_config_source_state")
                .description("1 for the config source's current state (READY, STALE, ERROR)").register(registry);
        this.backlog = MultiGauge.builder("cutover_work_backlog").description("work items listed per job and action")
                .register(registry);
        this.verdicts = MultiGauge.builder("cutover_verdicts").description("latest verdicts per stream and verdict")
                .register(registry);
        this.pollLatency = Timer.builder("cutover_config_poll").description("config poll latency")
                .register(registry);
        Gauge.builder("cutover_controller_active", core, c -> c.active() ? 1 : 0)
                .description("1 when this replica is the active controller (reconciles and writes), 0 on a standby")
                .register(registry);
        Gauge.builder("cutover_override_layer_held", core, c -> c.configProblems().isEmpty() ? 0 : 1)
                .description("1 while config snapshots are held because the override layer went backwards (see /ready)")
                .register(registry);
        registry.gauge("cutover_reconciles", queue, q -> (double) q.reconciles());
        registry.gauge("cutover_reconciles_coalesced", queue, q -> (double) q.coalescedRequests());
        core.onReportsApplied(this::recordReports);
    }

    public void recordPoll(Duration latency) {
        pollLatency.record(latency);
    }

    /** Counts reports the controller applied ({@code cutover_reports}, tagged by action and status). */
    public void recordReports(List<WorkReport> reports) {
        for (WorkReport r : reports) {
            Counter.builder("cutover_reports").tag("action", r.action() == null ? "unknown" : r.action().wireName())
                    .tag("status", r.status() == null ? "unknown" : r.status().name()).register(registry).increment();
        }
    }

    /** The Prometheus text exposition, gauges refreshed first. */
    public String scrape() {
        Map<String, StreamState> states = core.states();
        Map<Phase, Integer> perPhase = new TreeMap<>();
        for (Phase phase : Phase.values()) {
            perPhase.put(phase, 0);
        }
        states.values().forEach(s -> perPhase.merge(s.phase(), 1, Integer::sum));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        perPhase.forEach((phase, count) -> rows.add(MultiGauge.Row.of(Tags.of("phase", phase.name()), count)));
        phases.register(rows, true);

        List<MultiGauge.Row<?>> epochRows = new ArrayList<>();
        states.values().forEach(s -> epochRows.add(MultiGauge.Row.of(Tags.of("stream", s.stream()), s.epoch())));
        epochs.register(epochRows, true);

        SourceStatus status = core.sourceStatus();
        List<MultiGauge.Row<?>> sourceRows = new ArrayList<>();
        for (SourceStatus.State state : SourceStatus.State.values()) {
            sourceRows.add(MultiGauge.Row.of(Tags.of("state", state.name()), status.state() == state ? 1 : 0));
        }
        source.register(sourceRows, true);

        Map<String, Integer> perJobAction = new TreeMap<>();
        for (String job : core.plan().settings().jobs()) {
            for (WorkItem item : core.work(job)) {
                perJobAction.merge(job + "\u0000" + item.action().wireName(), 1, Integer::sum);
            }
        }
        List<MultiGauge.Row<?>> backlogRows = new ArrayList<>();
        perJobAction.forEach((key, count) -> {
            String[] parts = key.split("\u0000");
            backlogRows.add(MultiGauge.Row.of(Tags.of("job", parts[0], "action", parts[1]), count));
        });
        backlog.register(backlogRows, true);

        List<MultiGauge.Row<?>> verdictRows = new ArrayList<>();
        for (String stream : states.keySet()) {
            Map<String, Integer> counts = new TreeMap<>();
            core.verdicts(stream, Integer.MAX_VALUE).forEach(v -> counts.merge(v.verdict(), 1, Integer::sum));
            counts.forEach((verdict, count) -> verdictRows.add(
                    MultiGauge.Row.of(Tags.of("stream", stream, "verdict", verdict), count)));
        }
        verdicts.register(verdictRows, true);
        return registry.scrape();
    }
}
