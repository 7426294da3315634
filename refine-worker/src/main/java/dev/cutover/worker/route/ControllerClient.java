package dev.cutover.worker.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cutover.protocol.Hour;
import dev.cutover.model.Route;
import dev.cutover.protocol.WorkItem;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.Report;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's side of the controller HTTP API (see notes/contract.md): routes, epochs, work lists and
 * reports. Every call is one HTTP request with a timeout; failures become {@link ControllerException}
 * naming the URL and the status. No I/O happens in the constructor.
 */
public final class ControllerClient {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http;
    private final Duration timeout;

    public ControllerClient(URI base, Optional<String> token, Duration timeout) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.token = token;
        this.timeout = timeout;
        // HTTP/1.1: no h2c upgrade attempt on plain-http controllers (some servers mishandle it)
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** A failed call: the URL, and the status or I/O problem. */
    public static final class ControllerException extends Exception {
        public ControllerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public URI base() {
        return base;
    }

    /** {@code GET /v1/routes?job=&hour=}: stream -> route for the managed streams. */
    public Map<String, Route> routes(String job, Hour hour) throws ControllerException {
        JsonNode body = get("v1/routes?job=" + enc(job) + "&hour=" + enc(hour.toString()));
        Map<String, Route> routes = new LinkedHashMap<>();
        JsonNode node = body.path("routes");
        var fields = node.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            JsonNode db = e.getValue().get("database");
            routes.put(e.getKey(), new Route(db == null || db.isNull() ? null : db.asText(),
                    e.getValue().path("epoch").asLong()));
        }
        return routes;
    }

    /** {@code GET /v1/epochs?stream=}: the stream's current epoch. */
    public long epoch(String stream) throws ControllerException {
        JsonNode body = get("v1/epochs?stream=" + enc(stream));
        if (!body.path("epoch").canConvertToLong()) {
            throw new ControllerException(base + "v1/epochs?stream=" + stream + " answered without an epoch: " + body, null);
        }
        return body.path("epoch").asLong();
    }

    /** {@code GET /v1/work?job=}: the job's work list. */
    public List<WorkItem> work(String job) throws ControllerException {
        JsonNode body = get("v1/work?job=" + enc(job));
        List<WorkItem> items = new ArrayList<>();
        for (JsonNode item : body.path("items")) {
            try {
                items.add(JSON.treeToValue(item, WorkItem.class));
            } catch (IOException | IllegalArgumentException e) {
                throw new ControllerException("work item from " + base + "v1/work is invalid (" + e.getMessage()
                        + "): " + item, e);
            }
        }
        return items;
    }

    /** {@code POST /v1/reports} with a JSON array; returns how many were accepted. */
    public int report(List<? extends Report> reports) throws ControllerException {
        // an array keeps the element type, so every report is written with its "action"
        byte[] body = ProtocolJson.writeBytes(reports.toArray(Report[]::new));
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve("v1/reports")).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        JsonNode answer = send(req, "v1/reports");
        return answer.path("accepted").asInt(reports.size());
    }

    private JsonNode get(String pathAndQuery) throws ControllerException {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout).GET(), pathAndQuery);
    }

    private JsonNode send(HttpRequest.Builder req, String what) throws ControllerException {
        token.ifPresent(t -> req.header("Authorization", "Bearer " + t));
        HttpResponse<byte[]> response;
        try {
            response = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ControllerException("controller " + base + what + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerException("interrupted while calling " + base + what, e);
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() / 100 != 2) {
            throw new ControllerException("controller " + base + what + " answered HTTP " + response.statusCode()
                    + (response.statusCode() == 401 ? " (check --token-file)" : "") + ": "
                    + text.substring(0, Math.min(200, text.length())), null);
        }
        try {
            return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new ControllerException("controller " + base + what + " answered with invalid JSON: " + e.getMessage(), e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
