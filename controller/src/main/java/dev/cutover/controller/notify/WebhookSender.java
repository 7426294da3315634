package dev.cutover.controller.notify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * Sends notifications to every receiver on threads of its own; {@link #send} only queues and returns, so a slow,
 * failing or hanging receiver never holds up the controller. Per receiver, deliveries go one at a time in order:
 * each request has a timeout; a failed one (no answer, a timeout, HTTP 5xx, 408 or 429) is tried again after a
 * backoff that doubles from the first retry delay up to the maximum, with jitter (half to all of it), until the
 * attempts run out; any other answer than 2xx is not retried. At most {@code queueCapacity} deliveries wait per
 * receiver: beyond, the oldest waiting one is dropped (logged and counted). An id already queued, in flight or
 * delivered is not sent again (the last 100,000 ids are remembered for a day); receivers can dedupe too, by the
 * {@code X-Cutover-Event-Id} header.
 */
public final class WebhookSender implements AutoCloseable {

    /** Where each delivery's fate is counted: delivered, retried, dropped (gave up or refused) or overflow. */
    public interface Outcomes {
        void record(String outcome);
    }

    public static final String EVENT_ID_HEADER = "X-Cutover-Event-Id";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebhookSender.class);

    private final WebhookSettings settings;
    private final String controller;
    private final Outcomes outcomes;
    private final DoubleSupplier random;
    private final List<Lane> lanes;
    private final Cache<String, Boolean> seen = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofDays(1)).build();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService io;
    private final HttpClient client;
    private volatile boolean closed;

    /**
     * @param controller how the controller is named in messages (its host)
     * @param random     jitter in [0, 1)
     */
    public WebhookSender(WebhookSettings settings, String controller, Outcomes outcomes, DoubleSupplier random) {
        this.settings = settings;
        this.controller = controller;
        this.outcomes = outcomes;
        this.random = random;
        this.lanes = settings.urls().stream().map(Lane::new).toList();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("cutover-webhooks"));
        this.io = Executors.newCachedThreadPool(daemon("cutover-webhooks-http"));
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).executor(io)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Queues {@code notification} for every receiver, unless its id was queued, sent or delivered already. */
    public void send(Notification notification) {
        if (closed || seen.asMap().putIfAbsent(notification.id(), Boolean.TRUE) != null) {
            return;
        }
        String body = WebhookFormat.body(settings.format(), notification, controller);
        for (Lane lane : lanes) {
            lane.offer(new Delivery(notification.id(), notification.kind(), body));
        }
    }

    /** Deliveries waiting or in flight, over every receiver. */
    public int queued() {
        return lanes.stream().mapToInt(Lane::size).sum();
    }

    /** The wait before attempt {@code attempt + 1}: the delay doubled per failure, capped, times [0.5, 1). */
    static Duration backoff(WebhookSettings settings, int attempt, double jitter) {
        long base = settings.retryDelay().toMillis();
        long capped = Math.min(settings.maxRetryDelay().toMillis(),
                base * (1L << Math.min(attempt - 1, 30)));
        return Duration.ofMillis(Math.max(1, Math.round(capped * (0.5 + jitter / 2))));
    }

    private record Delivery(String id, Notification.Kind kind, String body) {
    }

    /** One receiver's queue: one delivery in flight at a time, the next once it was delivered or given up. */
    private final class Lane {
        private final URI url;
        private final String name;
        private final ArrayDeque<Delivery> waiting = new ArrayDeque<>();
        private boolean busy;

        Lane(URI url) {
            this.url = url;
            this.name = WebhookSettings.redact(url);
        }

        synchronized int size() {
            return waiting.size() + (busy ? 1 : 0);
        }

        void offer(Delivery delivery) {
            Delivery dropped = null;
            boolean start;
            synchronized (this) {
                if (waiting.size() >= settings.queueCapacity()) {
                    dropped = waiting.pollFirst();
                }
                waiting.addLast(delivery);
                start = !busy;
                busy = true;
            }
            if (dropped != null) {
                outcomes.record("overflow");
                seen.invalidate(dropped.id());
                LOG.warn("webhook {}: {} deliveries waiting, dropped the oldest ({} {}): the receiver is slow or down",
                        name, settings.queueCapacity(), dropped.kind(), dropped.id());
            }
            if (start) {
                run(this::next);
            }
        }

        private void next() {
            Delivery delivery;
            synchronized (this) {
                delivery = waiting.pollFirst();
                busy = delivery != null;
            }
            if (delivery != null) {
                attempt(delivery, 1);
            }
        }

        private void attempt(Delivery delivery, int attempt) {
            if (closed) {
                return;
            }
            HttpRequest request = HttpRequest.newBuilder(url).timeout(settings.timeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "cutover-controller")
                    .header(EVENT_ID_HEADER, delivery.id())
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body())).build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) ->
                    run(() -> done(delivery, attempt, response == null ? 0 : response.statusCode(), error)));
        }

        private void done(Delivery delivery, int attempt, int status, Throwable error) {
            if (error == null && status >= 200 && status < 300) {
                outcomes.record("delivered");
                next();
                return;
            }
            String problem = error == null ? "HTTP " + status : describe(error);
            boolean retryable = error != null || status >= 500 || status == 408 || status == 429;
            if (retryable && attempt < settings.maxAttempts()) {
                Duration wait = backoff(settings, attempt, random.getAsDouble());
                outcomes.record("retried");
                LOG.info("webhook {}: {} {} failed ({}), attempt {} of {}; again in {} ms", name, delivery.kind(),
                        delivery.id(), problem, attempt, settings.maxAttempts(), wait.toMillis());
                schedule(() -> attempt(delivery, attempt + 1), wait);
                return;
            }
            outcomes.record("dropped");
            seen.invalidate(delivery.id());
            LOG.warn("webhook {}: {} {} dropped after {} attempt(s): {}{}", name, delivery.kind(), delivery.id(),
                    attempt, problem, retryable ? "" : " (not retried: check the URL and the receiver's setup)");
            next();
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return "no answer within the timeout";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private void run(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: what was waiting is dropped with the controller
        }
    }

    private void schedule(Runnable task, Duration wait) {
        try {
            scheduler.schedule(task, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        io.shutdownNow();
    }
}
