package dev.cutover.controller.service;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.Event;
import dev.cutover.controller.core.Role;
import dev.cutover.controller.core.Trigger;
import dev.cutover.controller.http.ApiVerticle;
import dev.cutover.controller.http.WriteTokens;
import dev.cutover.controller.kafka.KafkaControlPlane;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.notify.Notifier;
import dev.cutover.controller.notify.WebhookSender;
import dev.cutover.controller.notify.WebhookSettings;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.controller.routelog.RouteLogException;
import dev.cutover.controller.routelog.StateDirectoryInUseException;
import dev.cutover.controller.routelog.StateDirectoryLock;
import dev.cutover.protocol.Report;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSource;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.LayeredConfigSource;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.source.Revision;
import dev.cutover.streamconfig.source.SourceOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The running controller: route log, controller loop, config poller and HTTP API on one Vert.x. {@link #start}
 * returns once the API listens (on the actual port when 0 was asked for). With the journal it is the one active
 * controller; with Kafka ({@code --kafka-bootstrap}) it is one replica among several, active or standby as
 * {@link KafkaControlPlane} decides.
 */
public final class ControllerService implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ControllerService.class);

    private final Vertx vertx;
    private final ControllerLoop loop;
    private final ConfigPoller poller;
    private final ApiVerticle api;
    private final RouteLog routeLog;
    private final String host;
    private final Optional<StateDirectoryLock> lock;
    private volatile Optional<Webhooks> notifications = Optional.empty();

    /** The webhook sender and the notifier that feeds it, while webhooks are configured. */
    private record Webhooks(WebhookSender sender, Notifier notifier) implements AutoCloseable {
        @Override
        public void close() {
            notifier.close();
            sender.close();
        }
    }

    private ControllerService(Vertx vertx, ControllerLoop loop, ConfigPoller poller, ApiVerticle api, RouteLog routeLog,
                              String host, Optional<StateDirectoryLock> lock) {
        this.lock = lock;
        this.vertx = vertx;
        this.loop = loop;
        this.poller = poller;
        this.api = api;
        this.routeLog = routeLog;
        this.host = host;
    }

    /**
     * Locks the state directory, wires the sources and starts on the config's plan; fails with a clear message when
     * another process holds the state directory ({@link StateDirectoryInUseException}) or the port cannot be bound.
     */
    public static ControllerService start(ControllerConfig config, Clock clock) throws IOException {
        StateDirectoryLock lock = StateDirectoryLock.acquire(config.stateDir(), "controller", clock);
        try {
            return start(config, clock, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static ControllerService start(ControllerConfig config, Clock clock, StateDirectoryLock lock)
            throws IOException {
        MigrationPlan plan = config.migrationPlan();
        if (config.overrideFile().isPresent()) {
            plan = plan.withOverrideLayer(config.overrideFile());
        }
        WriteTokens tokens = WriteTokens.read(config.tokenFile(), config.operatorTokenFile());
        ConfigSource base = ConfigSources.open(config.configSource(),
                SourceOptions.defaults().withClock(clock).withUserAgent(config.userAgent()));
        Optional<OverrideLayer> layer = plan.overrideLayer().map(file -> OverrideLayer.open(file, clock));
        ConfigSource source = layer.isPresent() ? new LayeredConfigSource(base, layer.get()) : base;
        ConfigTracker tracker = new ConfigTracker(source, config.stateDir().resolve("config"), clock,
                TrackerPolicy.defaults().withPollInterval(config.pollInterval()));
        Options options = new Options(config.host(), config.port(), config.resyncInterval(), tokens,
                config.webhooks());
        if (config.kafka().isPresent()) {
            KafkaControlPlane plane = new KafkaControlPlane(config.kafka().get(), memberName(), clock);
            return start(plan, tracker, layer, plane, clock, options, Optional.of(lock));
        }
        return startOnJournal(plan, tracker, layer, new JournalRouteLog(config.stateDir()), clock, options,
                Optional.of(lock));
    }

    /**
     * Where the API listens, how often everything is resynced, the bearer tokens of writes, and where notifications
     * go ({@link WebhookSettings#NONE}: nowhere).
     */
    public record Options(String host, int port, Duration resyncInterval, WriteTokens tokens,
                          WebhookSettings webhooks) {
        public Options(String host, int port, Duration resyncInterval, WriteTokens tokens) {
            this(host, port, resyncInterval, tokens, WebhookSettings.NONE);
        }

        public static Options loopback() {
            return new Options("127.0.0.1", 0, Duration.ofMinutes(5), WriteTokens.NONE);
        }

        public Options withTokens(WriteTokens value) {
            return new Options(host, port, resyncInterval, value, webhooks);
        }

        public Options withResync(Duration value) {
            return new Options(host, port, value, tokens, webhooks);
        }

        public Options withWebhooks(WebhookSettings value) {
            return new Options(host, port, resyncInterval, tokens, value);
        }
    }

    /** This replica's name in the election and in client ids: host (the pod name in Kubernetes), pid, a nonce. */
    static String memberName() {
        return hostName() + "-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current()
                .nextInt(0x1000, 0x10000));
    }

    /** This machine's name ({@code HOSTNAME}, the pod name in Kubernetes), for notifications and member names. */
    static String hostName() {
        return Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "controller";
            }
        });
    }

    /**
     * Starts the one active controller over its own route log (the journal; tests and the demo), after locking the
     * journal's state directory.
     */
    public static ControllerService start(MigrationPlan plan, ConfigTracker tracker, Optional<OverrideLayer> layer,
                                          RouteLog routeLog, Clock clock, Options options) {
        Optional<StateDirectoryLock> lock = routeLog instanceof JournalRouteLog journal
                ? Optional.of(StateDirectoryLock.acquire(journal.stateDirectory(), "controller", clock))
                : Optional.empty();
        return startOnJournal(plan, tracker, layer, routeLog, clock, options, lock);
    }

    private static ControllerService startOnJournal(MigrationPlan plan, ConfigTracker tracker,
                                                    Optional<OverrideLayer> layer, RouteLog routeLog, Clock clock,
                                                    Options options, Optional<StateDirectoryLock> lock) {
        RouteLog.Restored restored;
        try {
            restored = routeLog.restore();
        } catch (RuntimeException e) {
            lock.ifPresent(StateDirectoryLock::close);
            throw e;
        }
        try {
            routeLog.compactAtStart();
        } catch (RouteLogException e) {
            LOG.warn("starting without compacting: {}", e.getMessage());
        }
        return start(plan, tracker, layer, routeLog, restored, Role.ACTIVE, ReportSubmission::toLoop, clock, options,
                lock, service -> { });
    }

    /**
     * Starts a replica of the Kafka control plane: it restores as a standby and becomes active when elected (see
     * {@link KafkaControlPlane}).
     */
    public static ControllerService start(MigrationPlan plan, ConfigTracker tracker, Optional<OverrideLayer> layer,
                                          KafkaControlPlane plane, Clock clock, Options options) {
        return start(plan, tracker, layer, plane, clock, options, Optional.empty());
    }

    private static ControllerService start(MigrationPlan plan, ConfigTracker tracker, Optional<OverrideLayer> layer,
                                           KafkaControlPlane plane, Clock clock, Options options,
                                           Optional<StateDirectoryLock> lock) {
        RouteLog.Restored restored = plane.restore();
        return start(plan, tracker, layer, plane, restored, Role.STANDBY,
                loop -> ReportSubmission.toTopic(loop::view, loop.clock(), plane::submit), clock, options, lock,
                service -> plane.start(new LoopTarget(service.loop)));
    }

    private interface Then {
        void accept(ControllerService service);
    }

    private static ControllerService start(MigrationPlan givenPlan, ConfigTracker tracker, Optional<OverrideLayer> layer,
                                           RouteLog routeLog, RouteLog.Restored restored, Role role,
                                           java.util.function.Function<ControllerLoop, ReportSubmission> submission,
                                           Clock clock, Options options, Optional<StateDirectoryLock> lock,
                                           Then then) {
        MigrationPlan plan = layer.isPresent() && givenPlan.overrideLayer().isEmpty()
                ? givenPlan.withOverrideLayer(Optional.of(layer.get().file())) : givenPlan;
        ControllerLoop loop = new ControllerLoop(ControllerState.initial(plan, tracker.status()), clock,
                "cutover-controller");
        ControllerMetrics metrics = new ControllerMetrics(loop::view, loop.queue(), clock);
        Vertx vertx = Vertx.vertx();
        ConfigPoller poller = new ConfigPoller(tracker, layer, loop::post, metrics::recordPoll,
                options.resyncInterval(), () -> ThreadLocalRandom.current().nextDouble(), clock);
        loop.start(new ServicePorts(routeLog, layer.map(l -> new FlagWriter(l, plan.settings())), loop, poller, metrics));
        loop.post(new Event.Restored(clock.instant(), restored, role, tracker.start(), tracker.status(),
                poller.layerInfo(), routeLog.describe()));
        ApiVerticle api = new ApiVerticle(loop::view, loop, submission.apply(loop), metrics, options.host(),
                options.port(), options.tokens());
        ControllerService service = new ControllerService(vertx, loop, poller, api, routeLog, options.host(), lock);
        try {
            await(vertx.deployVerticle(api));
            lock.ifPresent(l -> l.describe("listening on " + service.url()));
            await(vertx.deployVerticle(poller));
            service.notifications = notifications(options.webhooks(), loop, metrics, clock);
            then.accept(service);
        } catch (RuntimeException e) {
            service.close();
            throw new IllegalStateException("cannot start the controller on " + options.host() + ":"
                    + options.port() + ": " + e.getMessage() + " (is the port in use? pick another with --port)", e);
        }
        return service;
    }

    /**
     * The sender and notifier of {@code settings}' webhooks, started: the notifier compares the published state on a
     * timer of its own, the sender delivers on threads of its own. Nothing when no webhook URL is configured.
     */
    private static Optional<Webhooks> notifications(WebhookSettings settings, ControllerLoop loop,
                                                         ControllerMetrics metrics, Clock clock) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        WebhookSender sender = new WebhookSender(settings, hostName(), metrics::recordWebhook,
                () -> ThreadLocalRandom.current().nextDouble());
        metrics.watchWebhookQueue(sender::queued);
        Notifier notifier = new Notifier(loop::view, sender::send, clock).start(settings.interval());
        LOG.info("notifications of phase changes, holds, FAIL and LATE hours and auto-promotions go to {} ({} format)",
                settings.urls().stream().map(WebhookSettings::redact).toList(), settings.format().wireName());
        return Optional.of(new Webhooks(sender, notifier));
    }

    private static <T> T await(Future<T> future) {
        return await(future.toCompletionStage().toCompletableFuture());
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
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

    /** What this controller knows now (the published state). */
    public ControllerState view() {
        return loop.view();
    }

    public ControllerLoop loop() {
        return loop;
    }

    /** Completes once everything posted or requested before this call was processed. */
    public CompletableFuture<Void> idle() {
        return loop.idle();
    }

    /** Polls the config now; completes once that poll and everything it caused was processed. */
    public CompletableFuture<Void> pollNow() {
        return poller.pollNow().thenCompose(v -> loop.idle());
    }

    /** Where routes, audit events and reports are kept (journal path or Kafka topics). */
    public String routeLogDescription() {
        return routeLog.describe();
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        notifications.ifPresent(Webhooks::close);
        try {
            await(vertx.close());
        } finally {
            loop.close();
            routeLog.close();
            lock.ifPresent(StateDirectoryLock::close);
        }
    }

    /** The state directory's route log path for messages. */
    public static Path journal(Path stateDir) {
        return stateDir.resolve(JournalRouteLog.FILE_NAME);
    }
}
