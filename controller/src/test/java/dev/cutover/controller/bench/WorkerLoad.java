package dev.cutover.controller.bench;

import static dev.cutover.controller.bench.ControlPlaneBenchmarks.await;
import static dev.cutover.controller.bench.ControlPlaneBenchmarks.bytes;
import static dev.cutover.controller.bench.ControlPlaneBenchmarks.check;
import static dev.cutover.controller.bench.ControlPlaneBenchmarks.firstManaged;
import static dev.cutover.controller.bench.ControlPlaneBenchmarks.ms;
import static dev.cutover.controller.bench.ControlPlaneBenchmarks.oneStream;
import static dev.cutover.controller.bench.ControlPlaneBenchmarks.percentile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.api.ApiPaths;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated workers against a real controller while it takes in a 50,000-stream config: each worker runs the
 * {@code work} command's round every poll interval ({@code work --loop}'s default, 1 s; the first round at a random
 * moment of the first second): {@code GET /v1/work?job=J}, then {@code GET /v1/epochs?stream=S}; every tenth worker
 * also posts a report each round. Each worker has its own HTTP/1.1 connection (a Vert.x client with a pool of one
 * connection per worker, on an event loop of its own). After 5 s of warm-up (not measured) the load runs 5 s before
 * the cycle, during it, and 5 s after; latencies are reported for each window.
 */
final class WorkerLoad {

    static final Duration ROUND = Duration.ofSeconds(1);
    private static final Duration AROUND = Duration.ofSeconds(5);

    private final WebClient client;
    private final int port;
    private final List<String> paths;
    private final String stream;
    /** Latencies by when the request started: before the cycle, during it, after it. */
    private final List<ConcurrentLinkedQueue<Long>> latencies = List.of(new ConcurrentLinkedQueue<>(),
            new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
    private volatile int phase = WARMING;
    /** The first seconds (every worker connecting, the JIT compiling) are not measured. */
    private static final int WARMING = -1;
    private final Map<String, Long> errors = new ConcurrentSkipListMap<>();
    private final AtomicLong reports = new AtomicLong();
    private final Vertx vertx;
    private volatile boolean stopped;

    private WorkerLoad(Vertx vertx, WebClient client, int port, List<String> paths, String stream) {
        this.vertx = vertx;
        this.client = client;
        this.port = port;
        this.paths = paths;
        this.stream = stream;
    }

    static void run(ObjectNode config, int workers) throws Exception {
        String stream = firstManaged(config);
        System.out.printf("== workers: %,d simulated workers, each every %d ms: GET %s, GET %s (every tenth also POST %s),"
                + " during a %,d-stream cycle ==%n", workers, ROUND.toMillis(), ApiPaths.WORK, ApiPaths.EPOCHS,
                ApiPaths.REPORTS, config.get("streams").size());
        Path dir = Files.createTempDirectory("cutover-bench-workers");
        Vertx vertx = Vertx.vertx();
        WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(workers).setMaxWaitQueueSize(-1));
        try (ConfigServer server = new ConfigServer(bytes(oneStream(config, stream)));
             ControllerService service = ControlPlaneBenchmarks.controller(server, dir,
                     ControlPlaneBenchmarks.LONG_POLL)) {
            await(service.pollNow());
            URI base = URI.create(service.url());
            WorkerLoad load = new WorkerLoad(vertx, client, base.getPort(), List.of(ApiPaths.work("legacy"),
                    ApiPaths.work("airflow"), ApiPaths.epochs(stream)), stream);
            Random random = new Random(1);
            for (int w = 0; w < workers; w++) {
                int worker = w;
                vertx.setTimer(1 + random.nextInt((int) ROUND.toMillis()), id -> load.round(worker));
            }
            pause(AROUND);
            load.phase = 0;
            long t0 = System.nanoTime();
            pause(AROUND);
            server.set(bytes(config));
            load.phase = 1;
            long c0 = System.nanoTime();
            await(service.pollNow());
            long cycle = System.nanoTime() - c0;
            load.phase = 2;
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            pause(AROUND);
            load.stopped = true;
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<Long> sorted = new ArrayList<>();
            String[] names = {"before the cycle", "during the cycle", "after the cycle"};
            for (int p = 0; p < 3; p++) {
                List<Long> part = new ArrayList<>(load.latencies.get(p));
                Collections.sort(part);
                check(!part.isEmpty(), "no request completed " + names[p]);
                System.out.printf("  %s: %,d requests, p50 = %.1f ms, p99 = %.1f ms%n", names[p], part.size(),
                        ms(percentile(part, 0.5)), ms(percentile(part, 0.99)));
                sorted.addAll(part);
            }
            Collections.sort(sorted);
            long errorCount = load.errors.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("cycle %.0f ms; %,d requests (%,d report posts) in %.1f s; heap used after the cycle %,d MB"
                    + " (controller and clients share this JVM)%n", ms(cycle), sorted.size(), load.reports.get(),
                    seconds, heap >> 20);
            load.errors.forEach((kind, count) -> System.out.printf("  %,d errors: %s%n", count, kind));
            System.out.printf("workers: p50 = %.1f ms, p99 = %.1f ms, max = %.1f ms, %.0f requests/s, %d errors (target"
                    + " p99 < 50 ms, 0 errors)%n", ms(percentile(sorted, 0.5)), ms(percentile(sorted, 0.99)),
                    ms(sorted.get(sorted.size() - 1)), sorted.size() / seconds, errorCount);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private static void pause(Duration d) {
        java.util.concurrent.CompletableFuture.runAsync(() -> { },
                java.util.concurrent.CompletableFuture.delayedExecutor(d.toMillis(), TimeUnit.MILLISECONDS)).join();
    }

    /** One worker's round; the next starts one interval after this one started (at once when it took longer). */
    private void round(int worker) {
        if (stopped) {
            return;
        }
        long started = System.nanoTime();
        Future<Void> round = get(paths.get(worker % 2)).compose(v -> get(paths.get(2)))
                .compose(v -> worker % 10 == 0 ? report() : Future.succeededFuture());
        round.onComplete(ar -> {
            long next = ROUND.toMillis() - (System.nanoTime() - started) / 1_000_000;
            vertx.setTimer(Math.max(1, next), id -> round(worker));
        });
    }

    private Future<Void> get(String path) {
        long t0 = System.nanoTime();
        return measured(client.get(port, "127.0.0.1", path).timeout(30_000).send(), t0);
    }

    /** A failed refine of the current hour, as a worker's report. */
    private Future<Void> report() {
        reports.incrementAndGet();
        byte[] body = ProtocolJson.writeBytes(List.of(RefineReport.failed(UUID.randomUUID().toString(), "legacy",
                stream, Hour.containing(Instant.now()), "event", 1, "bench: simulated failure", 1L, 0L)));
        long t0 = System.nanoTime();
        return measured(client.post(port, "127.0.0.1", ApiPaths.REPORTS).timeout(30_000)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)), t0);
    }

    private Future<Void> measured(Future<HttpResponse<Buffer>> response, long t0) {
        int started = phase;
        return response.transform(ar -> {
            if (started == WARMING) {
                return Future.succeededFuture();
            }
            if (ar.failed() || ar.result().statusCode() >= 300) {
                errors.merge(ar.failed() ? ar.cause().toString() : "HTTP " + ar.result().statusCode(), 1L, Long::sum);
            } else {
                latencies.get(started).add(System.nanoTime() - t0);
            }
            return Future.succeededFuture();
        });
    }
}
