package dev.cutover.controller.bench;

import static dev.cutover.controller.bench.ControlPlaneBenchmarks.await;
import static dev.cutover.controller.bench.ControlPlaneBenchmarks.check;
import static dev.cutover.controller.bench.ControlPlaneBenchmarks.ms;

import dev.cutover.controller.service.ControllerService;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Per unchanged poll: wall time and CPU of the controller's threads (its loop, poller, Vert.x and HTTP client
 * threads: every Java thread but the benchmark's caller and the config server's), and the same of a bare conditional
 * GET of the same server with the JDK's HTTP client (whose threads are then the only busy ones).
 */
record UnchangedPolls(double wall, double cpu, double bare, double bareCpu) {

    /** The controller's CPU per poll beyond a bare HTTP client's. */
    double controller() {
        return Math.max(0, cpu - bareCpu);
    }

    /**
     * 1,000 polls answered 304 (after 200 to warm up): wall time and the controller's CPU; then 2 x 1,000 bare
     * conditional GETs of the same server with the JDK's HTTP client, the network's and the server's share.
     */
    static UnchangedPolls measure(ControllerService service, ConfigServer server) throws Exception {
        int polls = 1000;
        for (int i = 0; i < 200; i++) {
            await(service.pollNow());
        }
        long before = server.notModified.get();
        java.util.Map<Long, Long> cpu0 = threadCpu();
        long t0 = System.nanoTime();
        for (int i = 0; i < polls; i++) {
            await(service.pollNow());
        }
        double wall = ms(System.nanoTime() - t0) / polls;
        double cpu = ms(used(cpu0)) / polls;
        check(server.notModified.get() - before == polls, "unchanged polls not all answered 304");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest conditional = HttpRequest.newBuilder(URI.create(server.url())).header("If-None-Match",
                server.etag).build();
        double bare = Double.MAX_VALUE;
        double bareCpu = Double.MAX_VALUE;
        for (int round = 0; round < 2; round++) {
            cpu0 = threadCpu();
            t0 = System.nanoTime();
            for (int i = 0; i < polls; i++) {
                check(http.send(conditional, HttpResponse.BodyHandlers.discarding()).statusCode() == 304,
                        "the bare conditional GET was not answered 304");
            }
            bare = Math.min(bare, ms(System.nanoTime() - t0) / polls);
            bareCpu = Math.min(bareCpu, ms(used(cpu0)) / polls);
        }
        return new UnchangedPolls(wall, cpu, bare, bareCpu);
    }

    /** CPU used since {@code before} by the threads {@link #threadCpu} counts. */
    private static long used(java.util.Map<Long, Long> before) {
        long used = 0;
        for (java.util.Map.Entry<Long, Long> now : threadCpu().entrySet()) {
            used += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return used;
    }

    /** CPU time so far of every live thread but the caller's and the config server's, by thread id. */
    private static java.util.Map<Long, Long> threadCpu() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        java.util.Map<Long, Long> cpu = new java.util.HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != Thread.currentThread() && !t.getName().startsWith("HTTP-Dispatcher")) {
                cpu.put(t.getId(), Math.max(0, threads.getThreadCpuTime(t.getId())));
            }
        }
        return cpu;
    }
}
