package dev.cutover.controller.service;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.Effect;
import dev.cutover.controller.core.StreamEntry;
import dev.cutover.controller.http.Views;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.reconcile.PlannedWork;
import dev.cutover.protocol.Report;
import dev.cutover.streamconfig.source.SourceStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Prometheus metrics, read from the published state: streams per phase, epoch per stream, config source state,
 * poll latency, work backlog per job and action, latest verdicts per stream and verdict, reports applied by this
 * replica while active (per action and status, wherever they came from: {@code POST /v1/reports} or the Kafka
 * reports topic), reconciles that failed per stream ({@code cutover_reconcile_failures_total}), whether this replica
 * is the active controller ({@code cutover_controller_active}), whether
 * config is held because the override layer went backwards ({@code cutover_override_layer_held}), and how long after
 * its hour ended each job's commits land ({@code cutover_landing_lag_seconds{job}}, a histogram), and webhook
 * deliveries per outcome with the webhook queue ({@code cutover_webhook_deliveries_total}, {@code
 * cutover_webhook_queue}) when webhooks are configured. Gauges are refreshed on each scrape.
 */
public final class ControllerMetrics {

    private static final Duration[] LAG_BUCKETS = {Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(6),
            Duration.ofHours(12), Duration.ofHours(24)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<ControllerState> view;
    private final Clock clock;
    private final MultiGauge phases;
    private final MultiGauge epochs;
    private final MultiGauge source;
    private final MultiGauge backlog;
    private final MultiGauge verdicts;
    private final Timer pollLatency;
    private final Timer reconcileGroups;
    private final DistributionSummary reconcileGroupSize;

    public ControllerMetrics(Supplier<ControllerState> view, ReconcileQueue queue, Clock clock) {
        this.view = view;
        this.clock = clock;
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
        this.reconcileGroups = Timer.builder("cutover_reconcile_group")
                .description("time to decide and store a group of reconciles (one journal append or Kafka transaction)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        this.reconcileGroupSize = DistributionSummary.builder("cutover_reconcile_group_size")
                .description("reconciles per group").register(registry);
        Gauge.builder("cutover_controller_active", view, v -> v.get().leadership().active() ? 1 : 0)
                .description("1 when this replica is the active controller (reconciles and writes), 0 on a standby")
                .register(registry);
        Gauge.builder("cutover_override_layer_held", view, v -> v.get().configProblems().isEmpty() ? 0 : 1)
                .description("1 while config snapshots are held because the override layer went backwards (see /ready)")
                .register(registry);
        registry.gauge("cutover_reconciles", queue, q -> (double) q.reconciles());
        registry.gauge("cutover_reconciles_coalesced", queue, q -> (double) q.coalescedRequests());
    }

    /**
     * Counts a webhook delivery's outcome ({@code cutover_webhook_deliveries_total{outcome}}: delivered, retried,
     * dropped after the last attempt or refused, overflow when the queue was full).
     */
    public void recordWebhook(String outcome) {
        Counter.builder("cutover_webhook_deliveries").description("webhook deliveries per outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** Exports {@code cutover_webhook_queue}: webhook deliveries waiting or in flight. */
    public void watchWebhookQueue(java.util.function.IntSupplier queued) {
        Gauge.builder("cutover_webhook_queue", queued, q -> q.getAsInt()).strongReference(true)
                .description("webhook deliveries waiting or in flight").register(registry);
    }

    public void recordPoll(Duration latency) {
        pollLatency.record(latency);
    }

    /**
     * A group of {@code reconciles} decided and stored in {@code took} ({@code cutover_reconcile_group_seconds},
     * a histogram, and {@code cutover_reconcile_group_size}).
     */
    public void recordReconcileGroup(int reconciles, Duration took) {
        reconcileGroups.record(took);
        reconcileGroupSize.record(reconciles);
    }

    /** Counts reports the controller applied ({@code cutover_reports}, tagged by action and status). */
    public void recordReports(List<Report> reports) {
        for (Report r : reports) {
            Counter.builder("cutover_reports").tag("action", r.action().wireName())
                    .tag("status", r.status() == null ? "unknown" : r.status().name()).register(registry).increment();
        }
    }

    /**
     * Counts a reconcile of {@code stream} that failed ({@code cutover_reconcile_failures_total}, tagged by stream):
     * the stream kept its state and shows the failure among its problems.
     */
    public void recordReconcileFailure(String stream) {
        Counter.builder("cutover_reconcile_failures").description("reconciles that failed, per stream (state kept)")
                .tag("stream", stream).register(registry).increment();
    }

    /**
     * Observes new landings ({@code cutover_landing_lag_seconds{job}}: from the hour's end to when the controller
     * received the job's first refine of it into a database), with buckets from 5 minutes to a day.
     */
    public void recordLandingLags(List<Effect.LandingLag> lags) {
        for (Effect.LandingLag lag : lags) {
            Timer.builder("cutover_landing_lag")
                    .description("from an hour's end to when a job's first refine of it landed (controller clock)")
                    .tag("job", lag.job()).serviceLevelObjectives(LAG_BUCKETS).register(registry).record(lag.lag());
        }
    }

    /** The Prometheus text exposition, gauges refreshed first. */
    public String scrape() {
        ControllerState state = view.get();
        Map<Phase, Integer> perPhase = new TreeMap<>();
        for (Phase phase : Phase.values()) {
            perPhase.put(phase, 0);
        }
        state.streams().values().forEach(e -> perPhase.merge(e.state().phase(), 1, Integer::sum));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        perPhase.forEach((phase, count) -> rows.add(MultiGauge.Row.of(Tags.of("phase", phase.name()), count)));
        phases.register(rows, true);

        List<MultiGauge.Row<?>> epochRows = new ArrayList<>();
        state.streams().values().forEach(e -> epochRows.add(MultiGauge.Row.of(Tags.of("stream", e.state().stream()),
                e.state().epoch())));
        epochs.register(epochRows, true);

        SourceStatus status = state.sourceStatus(clock.instant());
        List<MultiGauge.Row<?>> sourceRows = new ArrayList<>();
        for (SourceStatus.State s : SourceStatus.State.values()) {
            sourceRows.add(MultiGauge.Row.of(Tags.of("state", s.name()), status.state() == s ? 1 : 0));
        }
        source.register(sourceRows, true);

        Map<List<String>, Integer> perJobAction = new TreeMap<>(java.util.Comparator.comparing(List::toString));
        for (StreamEntry entry : state.streams().values()) {
            for (PlannedWork w : entry.work()) {
                perJobAction.merge(List.of(w.job(), w.item().action().wireName()), 1, Integer::sum);
            }
        }
        List<MultiGauge.Row<?>> backlogRows = new ArrayList<>();
        perJobAction.forEach((key, count) -> backlogRows.add(MultiGauge.Row.of(Tags.of("job", key.get(0), "action",
                key.get(1)), count)));
        backlog.register(backlogRows, true);

        List<MultiGauge.Row<?>> verdictRows = new ArrayList<>();
        for (String stream : state.streams().keySet()) {
            Map<String, Integer> counts = new TreeMap<>();
            Views.verdicts(state, stream, Integer.MAX_VALUE).forEach(v -> counts.merge(v.verdict(), 1, Integer::sum));
            counts.forEach((verdict, count) -> verdictRows.add(
                    MultiGauge.Row.of(Tags.of("stream", stream, "verdict", verdict), count)));
        }
        verdicts.register(verdictRows, true);
        return registry.scrape();
    }
}
