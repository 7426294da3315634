package dev.cutover.demo;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.kafka.KafkaControlPlane;
import dev.cutover.controller.kafka.KafkaSettings;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.controller.service.FlagWriter;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.LayeredConfigSource;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.SourceOptions;
import dev.cutover.testkit.EmbeddedKafka;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The demo's in-process controller: on a journal in the state directory, or on Kafka (an in-process broker from the
 * test kit, or {@code --kafka-bootstrap}) with topics of its own. It reads the published state and waits on the
 * controller's futures (poll, idle, activation, next publish): never a fixed sleep.
 */
final class DemoController implements AutoCloseable {

    private static final Duration ACTIVATION = Duration.ofSeconds(30);

    private final ControllerService service;
    private final FlagWriter flagWriter;
    private final Optional<KafkaSettings> kafka;
    private final Optional<EmbeddedKafka> broker;

    private DemoController(ControllerService service, FlagWriter flagWriter, Optional<KafkaSettings> kafka,
                           Optional<EmbeddedKafka> broker) {
        this.service = service;
        this.flagWriter = flagWriter;
        this.kafka = kafka;
        this.broker = broker;
    }

    /**
     * Starts the controller on the demo's copy of the stream config plus the plan's writable override layer, and
     * returns once it is active, has applied a snapshot and reconciled every stream.
     */
    static DemoController start(DemoOptions options, DemoPaths paths, MigrationPlan plan, PrintStream out)
            throws Exception {
        Clock clock = Clock.systemUTC();
        OverrideLayer layer = OverrideLayer.open(plan.overrideLayer().orElseThrow(), clock);
        ConfigTracker tracker = new ConfigTracker(new LayeredConfigSource(
                ConfigSources.open(paths.config().toString(), SourceOptions.defaults()), layer),
                paths.controller().resolve("config"), clock,
                TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(500)));
        ControllerService.Options loopback = ControllerService.Options.loopback().withResync(Duration.ofMinutes(1));
        Optional<EmbeddedKafka> broker = options.kafka() && options.kafkaBootstrap().isEmpty()
                ? Optional.of(startBroker(out)) : Optional.empty();
        DemoController controller;
        try {
            Optional<KafkaSettings> kafka = Optional.empty();
            if (options.kafka()) {
                String bootstrap = options.kafkaBootstrap().orElseGet(() -> broker.orElseThrow().bootstrap());
                kafka = Optional.of(KafkaSettings.defaults(bootstrap)
                        .withTopicPrefix("demo-" + clock.millis() / 1000 + "-"));
            }
            ControllerService service = kafka.isPresent()
                    ? ControllerService.start(plan, tracker, Optional.of(layer),
                            new KafkaControlPlane(kafka.get(), "demo-controller", clock), clock,
                            loopback)
                    : ControllerService.start(plan, tracker, Optional.of(layer),
                            new JournalRouteLog(paths.controller()), clock, loopback);
            controller = new DemoController(service, new FlagWriter(layer, plan.settings()), kafka, broker);
        } catch (Exception | Error e) {
            if (broker.isPresent()) {
                broker.get().close();
            }
            throw e;
        }
        try {
            controller.awaitReady();
        } catch (Exception | Error e) {
            controller.close();
            throw e;
        }
        return controller;
    }

    private static EmbeddedKafka startBroker(PrintStream out) throws Exception {
        EmbeddedKafka broker = EmbeddedKafka.start();
        out.println("    Kafka: in-process KRaft broker at " + broker.bootstrap() + " (started in "
                + broker.startup().toMillis() + " ms)");
        return broker;
    }

    /** What the controller knows now (its published state). */
    ControllerState view() {
        return service.view();
    }

    String url() {
        return service.url();
    }

    String routeLog() {
        return service.routeLogDescription();
    }

    Optional<KafkaSettings> kafka() {
        return kafka;
    }

    /** The worker's Kafka options: reports to the demo's reports topic, fallback routes from its routes topic. */
    List<String> workerKafkaArgs() {
        return kafka.map(k -> List.of("--kafka-bootstrap", k.bootstrap(), "--kafka-routes-topic", k.routesTopic(),
                "--kafka-reports-topic", k.reportsTopic())).orElse(List.of());
    }

    /** Reverts the stream's flag in the override layer, the path {@code ./cutover rollback} takes, and settles. */
    void rollBack(String stream, String who, String why) throws Exception {
        flagWriter.apply(new FlagChange(stream, FlagChange.Kind.REVERT, who, why));
        settle();
    }

    private void awaitReady() throws Exception {
        settle();
        if (!await(s -> s.ready() && s.leadership().active(), ACTIVATION, new CompletableFuture<>())) {
            throw new IllegalStateException("the demo's controller is not ready after " + ACTIVATION.toSeconds()
                    + " s (role " + view().leadership().role().wireName() + ", config "
                    + view().config().status().state() + "); see the controller log in the state dir's logs/");
        }
    }

    /**
     * Lets the controller pick up config changes (a flag it or the demo wrote) and finish reconciling: it is active
     * (at once on the journal; the Kafka control plane elects this only replica within seconds), polls the config
     * now and returns once that poll and everything it caused was processed.
     */
    void settle() throws Exception {
        try {
            service.loop().firstActivation().get(ACTIVATION.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the demo's controller was not elected active within "
                    + ACTIVATION.toSeconds() + " s (role: " + view().leadership().role().wireName()
                    + "); see the controller log in the state dir's logs/", e);
        }
        service.pollNow().get(ACTIVATION.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Waits until {@code done} holds for the published state, also after settling (so what a change caused, such
     * as an automated promotion, is applied first). Wakes on every newly published state; gives up at the deadline
     * or when {@code giveUp} completes (the worker exited).
     *
     * @return whether {@code done} holds
     */
    boolean await(Predicate<ControllerState> done, Duration timeout, CompletableFuture<?> giveUp) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CompletableFuture<ControllerState> changed = service.loop().nextPublished();
            if (done.test(view())) {
                settle();
                if (done.test(view())) {
                    return true;
                }
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || giveUp.isDone()) {
                return false;
            }
            try {
                CompletableFuture.anyOf(changed, giveUp).get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return done.test(view());
            }
        }
    }

    /** Blocks until the process is stopped (Ctrl-C), for {@code --keep-running}. */
    void awaitStop() throws InterruptedException {
        new CountDownLatch(1).await();
    }

    @Override
    public void close() throws Exception {
        try {
            service.close();
        } finally {
            if (broker.isPresent()) {
                broker.get().close();
            }
        }
    }
}
