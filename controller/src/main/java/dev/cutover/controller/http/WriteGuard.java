package dev.cutover.controller.http;

import dev.cutover.protocol.api.Responses;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * What a write request passes before its handler runs, in this order: the bearer token with the right to do it
 * ({@link WriteTokens}: 401 without a token it knows, 403 for a token that may not do this; nothing of the body is
 * read before), the content type (JSON only, so a multipart upload is never decoded) and the body, read
 * into memory up to the route's limit (413 beyond) and never spooled to disk. Read routes have no body handler at
 * all: a body sent with a read, or to a path that does not exist, is never read.
 */
final class WriteGuard {

    /** A batch of reports: thousands of reports fit. */
    static final int REPORTS_LIMIT = 4 * 1024 * 1024;
    /** An operator request: who and why. */
    static final int OPERATOR_LIMIT = 8 * 1024;

    private static final String LIMIT_KEY = "cutover.bodyLimit";

    private final WriteTokens tokens;

    WriteGuard(WriteTokens tokens) {
        this.tokens = tokens;
    }

    /**
     * Puts the checks in front of {@code handler} on {@code route}. The token and content type checks are security
     * policy handlers, which Vert.x runs before any body handler (it refuses a body handler after a user handler).
     */
    void guard(Route route, Right right, int limit, Handler<RoutingContext> handler) {
        SecurityPolicyHandler authorize = ctx -> authorize(ctx, right);
        SecurityPolicyHandler json = ctx -> acceptJson(ctx, limit);
        route.handler(authorize)
                .handler(json)
                .handler(BodyHandler.create(false).setBodyLimit(limit))
                .handler(handler);
    }

    /** The answer to a body over its route's limit (the body handler fails the request with 413). */
    static void tooLarge(RoutingContext ctx) {
        Object limit = ctx.get(LIMIT_KEY);
        ApiVerticle.json(ctx, 413, Responses.Error.of("the body of " + ctx.request().method() + " "
                + ctx.request().path() + " is larger than " + (limit == null ? "its limit" : limit + " bytes")
                + "; send a smaller request (fewer reports per batch)"));
    }

    /** What a write needs: a report (a worker's or an operator's token), or an operator request. */
    enum Right { REPORT, OPERATE }

    private void authorize(RoutingContext ctx, Right right) {
        if (tokens.none()) {
            ctx.next();
            return;
        }
        String header = Optional.ofNullable(ctx.request().getHeader("Authorization")).orElse("");
        boolean operator = matches(tokens.operator(), header);
        boolean worker = matches(tokens.worker(), header);
        String what = ctx.request().method() + " " + ctx.request().path();
        if (right == Right.REPORT) {
            if (operator || worker) {
                ctx.next();
            } else {
                ApiVerticle.json(ctx, 401, Responses.Error.of(what + " needs the workers' token (or the operator"
                        + " token): Authorization: Bearer <token>, the token of the controller's --token-file"));
            }
            return;
        }
        if (operator) {
            ctx.next();
        } else if (tokens.operator().isEmpty()) {
            ApiVerticle.json(ctx, 403, Responses.Error.of(what + " is refused: this controller was started without"
                    + " an operator token, so nobody may override, decommission or accept; restart it with"
                    + " --operator-token-file (CUTOVER_OPERATOR_TOKEN_FILE)"));
        } else if (worker) {
            ApiVerticle.json(ctx, 403, Responses.Error.of(what + " is refused for the worker token: workers may only"
                    + " report; override, decommission and accept need the operator token (--token-file of the"
                    + " cutover CLI)"));
        } else {
            ApiVerticle.json(ctx, 401, Responses.Error.of(what + " needs the operator token: Authorization: Bearer"
                    + " <token>, the token of the controller's --operator-token-file"));
        }
    }

    /** Compares in constant time, so the answer's timing tells nothing about the token. */
    private static boolean matches(Optional<String> token, String header) {
        return token.isPresent() && MessageDigest.isEqual(("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8));
    }

    private static void acceptJson(RoutingContext ctx, int limit) {
        ctx.put(LIMIT_KEY, limit);
        String type = ctx.request().getHeader("Content-Type");
        String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mime.isEmpty() || mime.equals("application/json")) {
            ctx.next();
            return;
        }
        ApiVerticle.json(ctx, 415, Responses.Error.of(ctx.request().method() + " " + ctx.request().path()
                + " takes application/json, not " + mime + ": send the JSON body with Content-Type:"
                + " application/json"));
    }
}
