package dev.cutover.worker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.WorkItem;
import dev.cutover.protocol.api.ApiPaths;
import dev.cutover.protocol.api.Responses;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback port 0 answering the controller endpoints the worker calls (routes, epochs, work,
 * reports; with an optional bearer token) with the protocol's own bodies ({@link Responses}, written and read by
 * {@link ProtocolJson}). Reports are read as typed {@link Report}s, and a batch with a problem is refused as a whole
 * with every problem listed, as the controller does.
 */
public final class FakeController implements AutoCloseable {

    private final HttpServer server;
    /** job -> stream -> route; the same for every hour. */
    public final Map<String, Map<String, Route>> routes = new ConcurrentHashMap<>();
    /** stream -> its current epoch; a stream without one is not managed (404). */
    public final Map<String, Long> epochs = new ConcurrentHashMap<>();
    /** Work items served once each, per job. */
    public final Map<String, List<WorkItem>> work = new ConcurrentHashMap<>();
    public final List<Report> reports = new CopyOnWriteArrayList<>();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    private final String token;

    public FakeController(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** {@code job} writes {@code stream} into {@code database} under {@code epoch}, the stream's current one. */
    public void route(String job, String stream, String database, long epoch) {
        routes.computeIfAbsent(job, j -> new ConcurrentHashMap<>()).put(stream, Route.write(database, epoch));
        epochs.put(stream, epoch);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
        if (token != null && !("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, Responses.Error.of("a bearer token is required"));
            return;
        }
        Map<String, String> q = query(ex.getRequestURI());
        switch (ex.getRequestURI().getPath()) {
            case ApiPaths.ROUTES -> {
                Map<String, Route> answer = new LinkedHashMap<>(routes.getOrDefault(q.get("job"), Map.of()));
                if (q.containsKey("stream")) {
                    answer.keySet().retainAll(List.of(q.get("stream")));
                }
                send(ex, 200, new Responses.Routes(q.get("job"), Hour.parse(q.get("hour")), answer));
            }
            case ApiPaths.EPOCHS -> {
                Long epoch = epochs.get(q.get("stream"));
                if (epoch == null) {
                    send(ex, 404, Responses.Error.of("stream " + q.get("stream") + " is not managed"));
                } else {
                    send(ex, 200, new Responses.Epoch(q.get("stream"), epoch));
                }
            }
            case ApiPaths.WORK -> {
                List<WorkItem> items = work.remove(q.get("job"));
                send(ex, 200, new Responses.Work(items == null ? List.of() : items));
            }
            case ApiPaths.REPORTS -> receive(ex);
            default -> send(ex, 404, Responses.Error.of("no such endpoint"));
        }
    }

    private void receive(HttpExchange ex) throws IOException {
        List<Report> batch;
        try {
            batch = ProtocolJson.MAPPER.readValue(ex.getRequestBody().readAllBytes(), new TypeReference<>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            send(ex, 400, Responses.Error.of("not a report batch: " + ProtocolJson.describe(e)));
            return;
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            for (String problem : batch.get(i).problems()) {
                problems.add("report " + i + ": " + problem);
            }
        }
        if (!problems.isEmpty()) {
            send(ex, 400, new Responses.Error("the report batch was refused (" + problems.size() + " problems)",
                    problems));
            return;
        }
        reports.addAll(batch);
        send(ex, 202, new Responses.ReportsAccepted(batch.size()));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                q.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = ProtocolJson.writeBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
