package dev.cutover.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.DomainError;
import dev.cutover.controller.core.DomainException;
import dev.cutover.controller.core.Event;
import dev.cutover.controller.service.ControllerLoop;
import dev.cutover.controller.service.ControllerMetrics;
import dev.cutover.controller.service.ReportSubmission;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.api.ApiPaths;
import dev.cutover.protocol.api.Requests;
import dev.cutover.protocol.api.Responses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The HTTP API (JSON bodies of {@link Responses}/{@link Requests}; field names are part of the contract). Reads are
 * answered from the published state (one volatile read, no lock), so a hanging config fetch or a busy reconcile
 * never delays them; writes are events for the controller loop, answered when it processed them (or, for reports
 * with Kafka, once the reports topic has them). Writes pass a {@link WriteGuard} first (token, JSON, a bounded body
 * in memory); reads never read a body. Refusals map to their status in {@link ApiErrors}.
 */
public final class ApiVerticle extends VerticleBase {

    /** Where the console's pages are; {@code /} redirects there. */
    public static final String CONSOLE = "/console/";
    static final String CONSOLE_BOARD = "/v1/console/board";
    static final String CONSOLE_STREAM = "/v1/console/streams/:stream";

    private final Supplier<ControllerState> view;
    private final ControllerLoop loop;
    private final ReportSubmission reports;
    private final ControllerMetrics metrics;
    private final String host;
    private final int requestedPort;
    private final WriteTokens tokens;
    private final java.util.concurrent.atomic.AtomicReference<CachedBoard> lastBoard =
            new java.util.concurrent.atomic.AtomicReference<>();
    private HttpServer server;

    public ApiVerticle(Supplier<ControllerState> view, ControllerLoop loop, ReportSubmission reports,
                       ControllerMetrics metrics, String host, int port, WriteTokens tokens) {
        this.view = view;
        this.loop = loop;
        this.reports = reports;
        this.metrics = metrics;
        this.host = host;
        this.requestedPort = port;
        this.tokens = tokens;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.errorHandler(413, WriteGuard::tooLarge);
        router.get(ApiPaths.HEALTHY).handler(ctx -> json(ctx, 200, new Responses.Healthy(true)));
        router.get(ApiPaths.READY).handler(ctx -> read(ctx, () -> Views.ready(view.get()),
                ready -> ready.ready() ? 200 : 503));
        router.get(ApiPaths.METRICS).handler(ctx -> vertx.executeBlocking(metrics::scrape, false)
                .onSuccess(text -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(text))
                .onFailure(e -> fail(ctx, e)));
        router.get(ApiPaths.STREAMS).handler(ctx -> read(ctx, () -> Views.streams(view.get())));
        router.get(ApiPaths.STREAM).handler(ctx -> read(ctx, () -> Views.detail(view.get(), ctx.pathParam("stream"))));
        router.get(ApiPaths.ROUTES).handler(this::routes);
        router.get(ApiPaths.EPOCHS).handler(ctx -> read(ctx, () -> Views.epoch(view.get(),
                required(ctx, "stream", "/v1/epochs?stream=S"))));
        router.get(ApiPaths.WORK).handler(ctx -> read(ctx, () -> new Responses.Work(Views.work(view.get(),
                ctx.request().getParam("job")))));
        router.get(ApiPaths.INVOCATIONS).handler(this::invocations);
        router.get(ApiPaths.EVENTS).handler(ctx -> read(ctx, () -> new Responses.Events(view.get().audit().since(
                number(ctx, "since", 0), (int) Math.min(10_000, number(ctx, "limit", 1000))))));
        mountConsole(router);
        WriteGuard guard = new WriteGuard(tokens);
        guard.guard(router.post(ApiPaths.REPORTS), WriteGuard.Right.REPORT, WriteGuard.REPORTS_LIMIT, this::reports);
        guard.guard(router.post(ApiPaths.OVERRIDE), WriteGuard.Right.OPERATE, WriteGuard.OPERATOR_LIMIT,
                ctx -> operator(ctx, Event.OperatorAction.OVERRIDE));
        guard.guard(router.post(ApiPaths.DECOMMISSION), WriteGuard.Right.OPERATE, WriteGuard.OPERATOR_LIMIT,
                ctx -> operator(ctx, Event.OperatorAction.DECOMMISSION));
        guard.guard(router.post(ApiPaths.ACCEPT_OVERRIDE_LAYER), WriteGuard.Right.OPERATE, WriteGuard.OPERATOR_LIMIT,
                this::acceptOverrideLayer);
        return vertx.createHttpServer().requestHandler(router).listen(requestedPort, host).onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.actualPort();
    }

    /**
     * The web console: static pages ({@code /console/}, from the classpath's {@code cutover-console}; no CDN) over
     * two read-only views of the published state. Its actions are this API's writes, behind the same token checks.
     */
    private void mountConsole(Router router) {
        router.get("/").handler(ctx -> ctx.redirect(CONSOLE));
        router.get(CONSOLE_BOARD).handler(ctx -> read(ctx, this::board));
        router.get(CONSOLE_STREAM).handler(ctx -> read(ctx, () -> ConsoleViews.page(view.get(),
                ctx.pathParam("stream"), loop.clock().instant(), !tokens.none())));
        router.get(CONSOLE + "*").handler(ApiVerticle::consoleHeaders)
                .handler(StaticHandler.create(FileSystemAccess.RELATIVE, "cutover-console").setMaxAgeSeconds(60)
                        .setDirectoryListing(false).setIncludeHidden(false));
    }

    /**
     * The board of the published state: computed once per published state and hour (every open console asks every
     * 2 s, and nothing on it changes in between), stamped with the time of each answer.
     */
    private ConsoleViews.Board board() {
        ControllerState state = view.get();
        java.time.Instant now = loop.clock().instant();
        Hour hour = Hour.containing(now);
        CachedBoard cached = lastBoard.get();
        if (cached != null && cached.state() == state && cached.hour().equals(hour)) {
            return cached.board().at(now);
        }
        ConsoleViews.Board fresh = ConsoleViews.board(state, now, !tokens.none());
        lastBoard.set(new CachedBoard(state, hour, fresh));
        return fresh;
    }

    private record CachedBoard(ControllerState state, Hour hour, ConsoleViews.Board board) {
    }

    /** The console's pages run only their own scripts and styles, talk only to this server and are never framed. */
    private static void consoleHeaders(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:;"
                        + " frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
        ctx.next();
    }

    private void routes(RoutingContext ctx) {
        read(ctx, () -> {
            String job = required(ctx, "job", "/v1/routes?job=J&hour=YYYY-MM-DDTHH");
            Hour hour = hour(required(ctx, "hour", "/v1/routes?job=J&hour=YYYY-MM-DDTHH"));
            Optional<String> stream = Optional.ofNullable(ctx.request().getParam("stream"));
            return new Responses.Routes(job, hour, Views.routes(view.get(), job, hour, stream));
        });
    }

    private void invocations(RoutingContext ctx) {
        read(ctx, () -> {
            String job = ctx.pathParam("job");
            String usage = "/v1/jobs/" + job + "/invocations?from=YYYY-MM-DDTHH&to=YYYY-MM-DDTHH (to exclusive)";
            Hour from = hour(required(ctx, "from", usage));
            Hour to = hour(required(ctx, "to", usage));
            return Views.invocations(view.get(), job, from, to);
        });
    }

    private void reports(RoutingContext ctx) {
        String body = ctx.body().asString();
        vertx.executeBlocking(() -> reports.submit(parseReports(body)), false)
                .compose(Future::fromCompletionStage)
                .onSuccess(accepted -> json(ctx, 202, accepted))
                .onFailure(e -> fail(ctx, e));
    }

    /** One report object or a JSON array of reports; every unreadable one is listed (400). */
    static List<Report> parseReports(String body) {
        JsonNode tree;
        try {
            tree = body == null || body.isBlank() ? null : ProtocolJson.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw DomainException.badRequest("the body is not JSON: " + ProtocolJson.describe(e));
        }
        if (tree == null || !(tree.isArray() || tree.isObject())) {
            throw DomainException.badRequest("the body must be one report object or a JSON array of reports");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (tree.isArray()) {
            tree.forEach(nodes::add);
        } else {
            nodes.add(tree);
        }
        List<Report> parsed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            try {
                parsed.add(ProtocolJson.MAPPER.treeToValue(nodes.get(i), Report.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                problems.add("report " + i + ": " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                        ? ProtocolJson.describe(j) : e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new DomainException(DomainError.BadRequest.of(problems));
        }
        return parsed;
    }

    private void operator(RoutingContext ctx, Event.OperatorAction action) {
        String stream = ctx.pathParam("stream");
        String body = ctx.body().asString();
        write(ctx, () -> {
            Requests.Operator request = parse(body, Requests.Operator.class);
            requireNoProblems(request.problems());
            return loop.ask(reply -> new Event.OperatorRequested(loop.clock().instant(), stream, action,
                    request.who(), request.why(), reply));
        });
    }

    private void acceptOverrideLayer(RoutingContext ctx) {
        String body = ctx.body().asString();
        write(ctx, () -> {
            Requests.AcceptOverrideLayer request = parse(body, Requests.AcceptOverrideLayer.class);
            requireNoProblems(request.problems());
            return loop.ask(reply -> new Event.OverrideAcceptRequested(loop.clock().instant(), request.revision(),
                    request.who(), request.why(), reply));
        });
    }

    private static <T> T parse(String body, Class<T> type) {
        try {
            return ProtocolJson.read(body == null || body.isBlank() ? "{}" : body, type);
        } catch (IllegalArgumentException e) {
            throw DomainException.badRequest("the body cannot be read: " + e.getMessage());
        }
    }

    private static void requireNoProblems(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new DomainException(DomainError.BadRequest.of(problems));
        }
    }

    private <T> void read(RoutingContext ctx, Callable<T> answer) {
        read(ctx, answer, body -> 200);
    }

    /** A read from the published state, off the event loop (large lists take a moment to serialize). */
    private <T> void read(RoutingContext ctx, Callable<T> answer, java.util.function.ToIntFunction<T> status) {
        vertx.executeBlocking(answer, false).onSuccess(body -> json(ctx, status.applyAsInt(body), body))
                .onFailure(e -> fail(ctx, e));
    }

    private void write(RoutingContext ctx, Callable<CompletableFuture<Object>> request) {
        vertx.executeBlocking(request, false).compose(Future::fromCompletionStage)
                .onSuccess(body -> json(ctx, 202, body)).onFailure(e -> fail(ctx, e));
    }

    private static String required(RoutingContext ctx, String param, String usage) {
        String value = ctx.request().getParam(param);
        if (value == null || value.isBlank()) {
            throw DomainException.badRequest(param + " is required: " + usage);
        }
        return value;
    }

    private static Hour hour(String text) {
        try {
            return Hour.parse(text);
        } catch (IllegalArgumentException e) {
            throw DomainException.badRequest(e.getMessage());
        }
    }

    private static long number(RoutingContext ctx, String param, long fallback) {
        String value = ctx.request().getParam(param);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw DomainException.badRequest(param + " must not be negative (got " + value + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw DomainException.badRequest(param + " '" + value + "' is not a number");
        }
    }

    private static void fail(RoutingContext ctx, Throwable failure) {
        DomainError error = ApiErrors.of(failure);
        if (error != null) {
            json(ctx, ApiErrors.status(error), ApiErrors.body(error));
            return;
        }
        Throwable cause = failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException
                ? failure.getCause() : failure;
        json(ctx, 500, Responses.Error.of("internal error: " + cause));
    }

    static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(ProtocolJson.write(body));
    }
}
