package dev.cutover.controller.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLogException;
import dev.cutover.controller.service.ControllerCore;
import dev.cutover.controller.service.ControllerMetrics;
import dev.cutover.controller.service.NotActiveException;
import dev.cutover.controller.service.OverrideLayerCheck;
import dev.cutover.controller.service.ReconcileQueue;
import dev.cutover.controller.service.StreamView;
import dev.cutover.controller.service.Trigger;
import dev.cutover.protocol.Hour;
import dev.cutover.model.WorkReport;
import dev.cutover.streamconfig.TableNames;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The HTTP API (JSON; field names are part of the contract): health, readiness, metrics, streams, routes,
 * epochs, work lists, reports, overrides, decommission requests, accepting an override layer that went backwards
 * ({@code POST /v1/override-layer/accept}) and the audit log. Reads are open; writes need the bearer token when
 * one is configured. Core calls run on worker threads, never on the event loop.
 */
public final class ApiVerticle extends VerticleBase {

    private final ControllerCore core;
    private final ReconcileQueue queue;
    private final ControllerMetrics metrics;
    private final String host;
    private final int requestedPort;
    private final Optional<String> token;
    private HttpServer server;

    public ApiVerticle(ControllerCore core, ReconcileQueue queue, ControllerMetrics metrics, String host, int port,
                       Optional<String> token) {
        this.core = core;
        this.queue = queue;
        this.metrics = metrics;
        this.host = host;
        this.requestedPort = port;
        this.token = token;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(16 * 1024 * 1024));
        router.get("/healthy").handler(ctx -> json(ctx, 200, Map.of("healthy", true)));
        router.get("/ready").handler(this::ready);
        router.get("/metrics").handler(ctx -> blocking(ctx, metrics::scrape, text -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(text)));
        router.get("/v1/streams").handler(this::streams);
        router.get("/v1/streams/:stream").handler(this::stream);
        router.get("/v1/routes").handler(this::routes);
        router.get("/v1/epochs").handler(this::epochs);
        router.get("/v1/work").handler(this::work);
        router.get("/v1/events").handler(this::events);
        router.post("/v1/reports").handler(this::reports);
        router.post("/v1/streams/:stream/override").handler(ctx -> request(ctx, ControllerCore.Request.OVERRIDE));
        router.post("/v1/streams/:stream/decommission")
                .handler(ctx -> request(ctx, ControllerCore.Request.DECOMMISSION));
        router.post(OverrideLayerCheck.ACCEPT_PATH).handler(this::acceptOverrideRevision);
        return vertx.createHttpServer().requestHandler(router).listen(requestedPort, host)
                .onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.actualPort();
    }

    /** Ready or not, the role, and the controller's problems (e.g. a held config snapshot) when there are any. */
    private void ready(RoutingContext ctx) {
        blocking(ctx, () -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ready", core.ready());
            body.put("role", core.role());
            List<String> problems = core.configProblems();
            if (!problems.isEmpty()) {
                body.put("problems", problems);
            }
            return body;
        }, body -> json(ctx, Boolean.TRUE.equals(body.get("ready")) ? 200 : 503, body));
    }

    private void streams(RoutingContext ctx) {
        blocking(ctx, () -> {
            List<StreamView.Summary> summaries = new ArrayList<>();
            for (StreamState s : core.states().values()) {
                List<String> last = core.verdicts(s.stream(), 5).stream().map(v -> v.hour() + " " + v.verdict())
                        .toList();
                summaries.add(new StreamView.Summary(s.stream(), TableNames.forStream(s.stream()), s.phase().name(),
                        s.currentLeader(), s.epoch(), core.flag(s.stream()).orElse(null),
                        s.cutover().map(Hour::toString).orElse(null), core.problems(s.stream()), last));
            }
            return Map.of("streams", summaries, "problems", core.configProblems());
        }, body -> json(ctx, 200, body));
    }

    private void stream(RoutingContext ctx) {
        String name = ctx.pathParam("stream");
        blocking(ctx, () -> {
            StreamState s = core.state(name).orElseThrow(() -> new NoSuchElementException(
                    "stream '" + name + "' is not managed by this controller (see GET /v1/streams)"));
            int backlog = 0;
            for (String job : core.plan().settings().jobs()) {
                backlog += (int) core.work(job).stream().filter(i -> i.stream().equals(name)).count();
            }
            return new StreamView.Detail(s.stream(), TableNames.forStream(s.stream()), s.phase().name(),
                    s.currentLeader(), s.epoch(), core.flag(name).orElse(null),
                    s.cutover().map(Hour::toString).orElse(null), core.problems(name), core.routeViews(s),
                    core.verdicts(name, 48), backlog);
        }, body -> json(ctx, 200, body));
    }

    private void routes(RoutingContext ctx) {
        String job = ctx.request().getParam("job");
        String hourText = ctx.request().getParam("hour");
        Optional<String> stream = Optional.ofNullable(ctx.request().getParam("stream"));
        blocking(ctx, () -> {
            if (job == null || hourText == null) {
                throw new IllegalArgumentException("job and hour are required: /v1/routes?job=J&hour=YYYY-MM-DDTHH");
            }
            Hour hour = Hour.parse(hourText);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("job", job);
            body.put("hour", hour.toString());
            body.put("routes", core.routes(job, hour, stream));
            return body;
        }, body -> json(ctx, 200, body));
    }

    private void epochs(RoutingContext ctx) {
        String stream = ctx.request().getParam("stream");
        blocking(ctx, () -> {
            if (stream == null) {
                throw new IllegalArgumentException("stream is required: /v1/epochs?stream=S");
            }
            long epoch = core.epoch(stream).orElseThrow(() -> new NoSuchElementException(
                    "stream '" + stream + "' is not managed by this controller"));
            return Map.of("stream", stream, "epoch", epoch);
        }, body -> json(ctx, 200, body));
    }

    private void work(RoutingContext ctx) {
        String job = ctx.request().getParam("job");
        blocking(ctx, () -> Map.of("items", core.work(job)), body -> json(ctx, 200, body));
    }

    private void events(RoutingContext ctx) {
        String since = Optional.ofNullable(ctx.request().getParam("since")).orElse("0");
        String limit = Optional.ofNullable(ctx.request().getParam("limit")).orElse("1000");
        blocking(ctx, () -> Map.of("events", core.events(Long.parseLong(since), Integer.parseInt(limit))),
                body -> json(ctx, 200, body));
    }

    private void reports(RoutingContext ctx) {
        if (!authorized(ctx)) {
            return;
        }
        String body = ctx.body().asString();
        blocking(ctx, () -> {
            List<WorkReport> reports = parseReports(body);
            var streams = core.accept(reports);
            queue.request(streams, Trigger.REPORT);
            return Map.of("accepted", reports.size());
        }, result -> json(ctx, 202, result));
    }

    private static List<WorkReport> parseReports(String body) throws java.io.IOException {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the body must be one report object or a JSON array of reports");
        }
        JsonNode tree = ApiJson.MAPPER.readTree(body);
        if (tree.isArray()) {
            return ApiJson.MAPPER.convertValue(tree, new TypeReference<List<WorkReport>>() { });
        }
        if (tree.isObject()) {
            return List.of(ApiJson.MAPPER.convertValue(tree, WorkReport.class));
        }
        throw new IllegalArgumentException("the body must be one report object or a JSON array of reports");
    }

    private void request(RoutingContext ctx, ControllerCore.Request request) {
        if (!authorized(ctx)) {
            return;
        }
        String stream = ctx.pathParam("stream");
        String body = ctx.body().asString();
        blocking(ctx, () -> {
            JsonNode node = body == null || body.isBlank() ? ApiJson.MAPPER.createObjectNode()
                    : ApiJson.MAPPER.readTree(body);
            String who = node.path("who").asText("api");
            String why = node.path("why").asText("");
            if (why.isBlank()) {
                throw new IllegalArgumentException("a reason is required: {\"who\": \"...\", \"why\": \"...\"}");
            }
            core.request(stream, request, who, why);
            queue.request(stream, Trigger.API);
            return Map.of("stream", stream, "accepted", true);
        }, result -> json(ctx, 202, result));
    }

    /** {@code {"revision": N, "who", "why"}}: accepts an override layer that went back to revision N (audited). */
    private void acceptOverrideRevision(RoutingContext ctx) {
        if (!authorized(ctx)) {
            return;
        }
        String body = ctx.body().asString();
        blocking(ctx, () -> {
            JsonNode node = body == null || body.isBlank() ? ApiJson.MAPPER.createObjectNode()
                    : ApiJson.MAPPER.readTree(body);
            String who = node.path("who").asText("api");
            String why = node.path("why").asText("");
            if (!node.path("revision").canConvertToExactIntegral() || why.isBlank()) {
                throw new IllegalArgumentException("the revision to accept and a reason are required: {\"revision\":"
                        + " N, \"who\": \"...\", \"why\": \"...\"} (GET /ready shows the held revision)");
            }
            long revision = node.path("revision").asLong();
            var streams = core.acceptOverrideRevision(revision, who, why);
            queue.request(streams, Trigger.API);
            return Map.of("accepted", true, "revision", revision);
        }, result -> json(ctx, 202, result));
    }

    private boolean authorized(RoutingContext ctx) {
        if (token.isEmpty()) {
            return true;
        }
        String header = Optional.ofNullable(ctx.request().getHeader("Authorization")).orElse("");
        byte[] expected = ("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        json(ctx, 401, Map.of("error", "a bearer token is required for writes: Authorization: Bearer <token>"));
        return false;
    }

    private <T> void blocking(RoutingContext ctx, Callable<T> work, java.util.function.Consumer<T> respond) {
        vertx.executeBlocking(work, false).onComplete(ar -> {
            if (ar.succeeded()) {
                respond.accept(ar.result());
                return;
            }
            Throwable e = ar.cause();
            int status = e instanceof NoSuchElementException ? 404
                    : e instanceof NotActiveException || e instanceof RouteLogException ? 503
                    : e instanceof IllegalStateException ? 409
                    : e instanceof IllegalArgumentException || e instanceof java.io.IOException ? 400 : 500;
            json(ctx, status, Map.of("error", String.valueOf(e.getMessage())));
        });
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(ApiJson.write(body));
    }
}
