package dev.cutover.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.WorkItem;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback port 0 implementing the controller endpoints of notes/contract.md
 * that the worker calls: routes, epochs, work, reports (with an optional bearer token).
 */
public final class FakeController implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    /** job -> stream -> {database, epoch}; the same for every hour. */
    public final Map<String, Map<String, ObjectNode>> routes = new ConcurrentHashMap<>();
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

    public void route(String job, String stream, String database, long epoch) {
        ObjectNode r = JSON.createObjectNode();
        r.put("database", database);
        r.put("epoch", epoch);
        routes.computeIfAbsent(job, j -> new ConcurrentHashMap<>()).put(stream, r);
        epochs.put(stream, epoch);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
        if (token != null && !("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, JSON.createObjectNode().put("error", "unauthorized"));
            return;
        }
        Map<String, String> q = query(ex.getRequestURI());
        String path = ex.getRequestURI().getPath();
        switch (path) {
            case "/v1/routes" -> {
                ObjectNode body = JSON.createObjectNode().put("job", q.get("job")).put("hour", q.get("hour"));
                ObjectNode rs = body.putObject("routes");
                routes.getOrDefault(q.get("job"), Map.of()).forEach(rs::set);
                send(ex, 200, body);
            }
            case "/v1/epochs" -> send(ex, 200, JSON.createObjectNode().put("stream", q.get("stream"))
                    .put("epoch", epochs.getOrDefault(q.get("stream"), 0L)));
            case "/v1/work" -> {
                List<WorkItem> items = work.remove(q.get("job"));
                ObjectNode body = JSON.createObjectNode();
                body.set("items", JSON.valueToTree(items == null ? List.of() : items));
                send(ex, 200, body);
            }
            case "/v1/reports" -> {
                JsonNode body = JSON.readTree(ex.getRequestBody());
                List<JsonNode> nodes = new ArrayList<>();
                if (body.isArray()) {
                    body.forEach(nodes::add);
                } else {
                    nodes.add(body);
                }
                for (JsonNode n : nodes) {
                    reports.add(ProtocolJson.MAPPER.treeToValue(n, Report.class));
                }
                send(ex, 202, JSON.createObjectNode().put("accepted", nodes.size()));
            }
            default -> send(ex, 404, JSON.createObjectNode().put("error", "no such endpoint"));
        }
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

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
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
