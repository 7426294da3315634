package dev.cutover.controller.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook receiver on 127.0.0.1 (the JDK's HTTP server, port 0) that records every request and answers as
 * told: 200, a 500 for the first {@code failures} attempts of each event id, or no answer at all (hangs until
 * closed).
 */
public final class LoopbackReceiver implements AutoCloseable {

    /** One request as received, with the status it was answered with (0: none, it hung). */
    public record Request(String eventId, String contentType, String body, int status) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final int failures;
    private final boolean hangs;

    private LoopbackReceiver(int failures, boolean hangs) throws IOException {
        this.failures = failures;
        this.hangs = hangs;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/hook", this::handle);
        server.start();
    }

    public static LoopbackReceiver healthy() throws IOException {
        return new LoopbackReceiver(0, false);
    }

    /** Answers 500 to the first {@code n} attempts of every event id, then 200. */
    static LoopbackReceiver failingFirst(int n) throws IOException {
        return new LoopbackReceiver(n, false);
    }

    /** Reads each request and never answers. */
    static LoopbackReceiver hanging() throws IOException {
        return new LoopbackReceiver(0, true);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook/T000/secret");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String id = exchange.getRequestHeaders().getFirst(WebhookSender.EVENT_ID_HEADER);
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (hangs) {
            requests.add(new Request(id, type, body, 0));
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        int attempt = attempts.computeIfAbsent(String.valueOf(id), k -> new AtomicInteger()).incrementAndGet();
        int status = attempt <= failures ? 500 : 200;
        requests.add(new Request(id, type, body, status));
        byte[] answer = (status == 200 ? "ok" : "try again").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests answered 200, in order. */
    public List<Request> delivered() {
        return requests.stream().filter(r -> r.status() == 200).toList();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
