package dev.cutover.protocol.api;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Invocations;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.WorkItem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client of the controller API that workers, the CLI and the demo use: one method per endpoint, typed request
 * and response bodies ({@link Responses}, {@link Requests}), one HTTP request with a timeout per call. Failures
 * become {@link ApiCallException} naming the URL and the status (0 = unreachable). No I/O in the constructor.
 */
public final class ControllerApiClient {

    private final URI base;
    private final Optional<String> token;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base    e.g. {@code http://cutover-controller:8642}
     * @param token   the bearer token sent with every request (writes need it when the controller has one)
     * @param timeout connect and request timeout of each call
     */
    public ControllerApiClient(URI base, Optional<String> token, Duration timeout) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.token = token.filter(t -> !t.isBlank());
        this.timeout = timeout;
        // HTTP/1.1: no h2c upgrade attempt on plain-http controllers (some servers mishandle it)
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public URI base() {
        return base;
    }

    public Responses.Ready ready() throws ApiCallException {
        return send(get(ApiPaths.READY), ApiPaths.READY, Responses.Ready.class, true);
    }

    /** Routes of every managed stream for {@code job} at {@code hour}. */
    public Map<String, Route> routes(String job, Hour hour) throws ApiCallException {
        String path = ApiPaths.routes(job, hour);
        return send(get(path), path, Responses.Routes.class, false).routes();
    }

    /** The route of one stream; empty when the controller does not manage it. */
    public Optional<Route> route(String job, Hour hour, String stream) throws ApiCallException {
        String path = ApiPaths.routes(job, hour, stream);
        return Optional.ofNullable(send(get(path), path, Responses.Routes.class, false).routes().get(stream));
    }

    /** The stream's current epoch; empty when the controller does not manage it (404). */
    public Optional<Long> epoch(String stream) throws ApiCallException {
        String path = ApiPaths.epochs(stream);
        try {
            return Optional.of(send(get(path), path, Responses.Epoch.class, false).epoch());
        } catch (ApiCallException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public List<WorkItem> work(String job) throws ApiCallException {
        String path = ApiPaths.work(job);
        return send(get(path), path, Responses.Work.class, false).items();
    }

    /**
     * The runs that write what the routes say for {@code job} over [{@code from}, {@code to}), for a job that does
     * not call Cutover, and the hours held from them.
     */
    public Invocations invocations(String job, Hour from, Hour to) throws ApiCallException {
        String path = ApiPaths.invocations(job, from, to);
        return send(get(path), path, Invocations.class, false);
    }

    /** Posts reports as one batch (all accepted, or all refused with every problem listed). */
    public int report(List<? extends Report> reports) throws ApiCallException {
        // every report writes its own "action" (Report#action), whatever the list's element type erased to
        return send(post(ApiPaths.REPORTS, List.copyOf(reports)), ApiPaths.REPORTS, Responses.ReportsAccepted.class,
                false).accepted();
    }

    public Responses.Streams streams() throws ApiCallException {
        return send(get(ApiPaths.STREAMS), ApiPaths.STREAMS, Responses.Streams.class, false);
    }

    public Responses.StreamDetail stream(String stream) throws ApiCallException {
        String path = ApiPaths.stream(stream);
        return send(get(path), path, Responses.StreamDetail.class, false);
    }

    public Responses.Events events(long since, int limit) throws ApiCallException {
        String path = ApiPaths.events(since, limit);
        return send(get(path), path, Responses.Events.class, false);
    }

    public Responses.RequestAccepted override(String stream, Requests.Operator request) throws ApiCallException {
        String path = ApiPaths.override(stream);
        return send(post(path, request), path, Responses.RequestAccepted.class, false);
    }

    public Responses.RequestAccepted decommission(String stream, Requests.Operator request) throws ApiCallException {
        String path = ApiPaths.decommission(stream);
        return send(post(path, request), path, Responses.RequestAccepted.class, false);
    }

    public Responses.OverrideLayerAccepted acceptOverrideLayer(Requests.AcceptOverrideLayer request)
            throws ApiCallException {
        return send(post(ApiPaths.ACCEPT_OVERRIDE_LAYER, request), ApiPaths.ACCEPT_OVERRIDE_LAYER,
                Responses.OverrideLayerAccepted.class, false);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET();
    }

    private HttpRequest.Builder post(String path, Object body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ProtocolJson.writeBytes(body)));
    }

    /**
     * @param anyStatus read the body whatever the status ({@code /ready} answers 503 with a body when not ready)
     */
    private <T> T send(HttpRequest.Builder request, String path, Class<T> type, boolean anyStatus)
            throws ApiCallException {
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        String url = base + path;
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ApiCallException(0, "controller " + url + " is unreachable: " + e, List.of(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiCallException(0, "interrupted while calling " + url, List.of(), e);
        }
        int status = response.statusCode();
        if (status / 100 != 2 && !anyStatus) {
            Responses.Error error = errorBody(response.body());
            String text = error.error() != null ? error.error()
                    : new String(response.body(), StandardCharsets.UTF_8);
            throw new ApiCallException(status, "controller " + url + " answered HTTP " + status
                    + (status == 401 ? " (check the token file)" : "") + ": "
                    + text.substring(0, Math.min(500, text.length())), error.problems(), null);
        }
        try {
            return ProtocolJson.read(response.body(), type);
        } catch (IllegalArgumentException e) {
            throw new ApiCallException(status, "controller " + url + " answered with a body this client cannot"
                    + " read (" + e.getMessage() + "); are the controller and this client the same version?",
                    List.of(), e);
        }
    }

    private static Responses.Error errorBody(byte[] body) {
        try {
            return ProtocolJson.read(body, Responses.Error.class);
        } catch (RuntimeException e) {
            return new Responses.Error(null, List.of());
        }
    }
}
