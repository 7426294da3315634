package dev.cutover.controller.service;

import dev.cutover.controller.http.ApiVerticle;
import dev.cutover.controller.kafka.ControlPlaneTarget;
import dev.cutover.controller.kafka.KafkaControlPlane;
import dev.cutover.controller.model.AuditEvent;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSource;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.LayeredConfigSource;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.SourceOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The running controller: config tracker, route log, core, reconcile queue, poller and HTTP API on one Vert.x.
 * {@link #start} returns once the API listens (on the actual port when 0 was asked for). With the journal it is
 * the one active controller; with Kafka ({@code --kafka-bootstrap}) it is one replica among several, active or
 * standby as {@link KafkaControlPlane} decides.
 */
public final class ControllerService implements AutoCloseable {

    private final Vertx vertx;
    private final ControllerCore core;
    private final ReconcileQueue queue;
    private final ApiVerticle api;
    private final String host;

    private ControllerService(Vertx vertx, ControllerCore core, ReconcileQueue queue, ApiVerticle api, String host) {
        this.vertx = vertx;
        this.core = core;
        this.queue = queue;
        this.api = api;
        this.host = host;
    }

    /** Wires the sources and starts on the config's plan; fails with a clear message when the port cannot be bound. */
    public static ControllerService start(ControllerConfig config, Clock clock) throws IOException {
        Files.createDirectories(config.stateDir());
        MigrationPlan plan = config.migrationPlan();
        if (config.overrideFile().isPresent()) {
            plan = plan.withOverrideLayer(config.overrideFile());
        }
        Optional<String> token = Optional.empty();
        if (config.tokenFile().isPresent()) {
            token = Optional.of(Files.readString(config.tokenFile().get()).trim());
        }
        ConfigSource base = ConfigSources.open(config.configSource(), SourceOptions.defaults().withClock(clock).withUserAgent(config.userAgent()));
        Optional<OverrideLayer> layer = plan.overrideLayer().map(file -> OverrideLayer.open(file, clock));
        ConfigSource source = layer.isPresent() ? new LayeredConfigSource(base, layer.get()) : base;
        ConfigTracker tracker = new ConfigTracker(source, config.stateDir().resolve("config"), clock,
                TrackerPolicy.defaults().withPollInterval(config.pollInterval()));
        MigrationPlan finalPlan = plan;
        Optional<FlagWriter> writer = layer.map(l -> new FlagWriter(l, finalPlan.settings()));
        if (config.kafka().isPresent()) {
            KafkaControlPlane plane = new KafkaControlPlane(config.kafka().get(), finalPlan.settings(),
                    memberName(config.port()), clock);
            return start(finalPlan, tracker, plane, writer, clock, config.host(), config.port(),
                    config.resyncInterval(), token);
        }
        return start(finalPlan, tracker, new JournalRouteLog(config.stateDir()), writer, clock, config.host(),
                config.port(), config.resyncInterval(), token);
    }

    /** This replica's name in the election and in client ids: host (the pod name in Kubernetes), pid, a nonce. */
    static String memberName(int port) {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "controller";
            }
        });
        return host + "-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current()
                .nextInt(0x1000, 0x10000));
    }

    /**
     * Starts a replica of the Kafka control plane on explicit parts (tests, the demo): it starts as a standby and
     * becomes active when elected (see {@link KafkaControlPlane}).
     */
    public static ControllerService start(MigrationPlan plan, ConfigTracker tracker, KafkaControlPlane plane,
                                          Optional<FlagWriter> writer, Clock clock, String host, int port,
                                          java.time.Duration resyncInterval, Optional<String> token) {
        ControllerCore core = new ControllerCore(plan, tracker, plane, writer, clock, Optional.of(plane::submit),
                false);
        ControllerService service = start(core, host, port, resyncInterval, token);
        try {
            plane.start(new CoreTarget(core, service.queue));
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** Starts on explicit parts (tests, the demo). */
    public static ControllerService start(MigrationPlan plan, ConfigTracker tracker, RouteLog routeLog,
                                          Optional<FlagWriter> writer, Clock clock, String host, int port,
                                          java.time.Duration resyncInterval, Optional<String> token) {
        return start(new ControllerCore(plan, tracker, routeLog, writer, clock), host, port, resyncInterval, token);
    }

    private static ControllerService start(ControllerCore core, String host, int port,
                                           java.time.Duration resyncInterval, Optional<String> token) {
        core.start();
        ReconcileQueue queue = new ReconcileQueue(core);
        ControllerMetrics metrics = new ControllerMetrics(core, queue);
        Vertx vertx = Vertx.vertx();
        ApiVerticle api = new ApiVerticle(core, queue, metrics, host, port, token);
        PollerVerticle poller = new PollerVerticle(core, queue, metrics, resyncInterval,
                () -> ThreadLocalRandom.current().nextDouble());
        try {
            await(vertx.deployVerticle(api));
            await(vertx.deployVerticle(poller));
        } catch (RuntimeException e) {
            await(vertx.close());
            queue.close();
            core.close();
            throw new IllegalStateException("cannot start the controller on " + host + ":" + port + ": "
                    + e.getMessage() + " (is the port in use? pick another with --port)", e);
        }
        return new ControllerService(vertx, core, queue, api, host);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting or stopping", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after 30 s", e);
        }
    }

    public int port() {
        return api.port();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8642}. */
    public String url() {
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return "http://" + h + ":" + port();
    }

    public ControllerCore core() {
        return core;
    }

    public ReconcileQueue queue() {
        return queue;
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        await(vertx.close());
        queue.close();
        core.close();
    }

    /** Connects the Kafka control plane to the core and the reconcile queue. */
    private record CoreTarget(ControllerCore core, ReconcileQueue queue) implements ControlPlaneTarget {
        @Override
        public void activate(RouteLog.Restored restored) {
            core.activate(restored);
            queue.request(core.allStreams(), Trigger.STARTUP);
        }

        @Override
        public void deactivate(String reason) {
            core.deactivate(reason);
        }

        @Override
        public void reload(RouteLog.Restored restored) {
            core.reload(restored);
        }

        @Override
        public void followRoute(String stream, Optional<StreamState> state) {
            core.followRoute(stream, state);
        }

        @Override
        public void followEvent(AuditEvent event) {
            core.followEvent(event);
        }

        @Override
        public void countRestored(List<ReportRecord> reports) {
            core.countRestoredReports(reports);
        }

        @Override
        public void applyReports(List<ReportRecord> reports) {
            var streams = core.applyReports(reports);
            if (core.active()) {
                queue.request(streams, Trigger.REPORT);
            }
        }
    }

    /** The state directory's route log path for messages. */
    public static Path journal(Path stateDir) {
        return stateDir.resolve(JournalRouteLog.FILE_NAME);
    }
}
