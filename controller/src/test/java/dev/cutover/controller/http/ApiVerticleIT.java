package dev.cutover.controller.http;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.service.ControllerLoop;
import dev.cutover.controller.service.ControllerMetrics;
import dev.cutover.controller.service.ReportSubmission;
import dev.cutover.streamconfig.source.SourceStatus;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The API verticle's lifecycle on Vert.x: port 0, a taken port, asynchronous stop. */
@ExtendWith(VertxExtension.class)
class ApiVerticleIT {

    ControllerLoop loop;
    ControllerMetrics metrics;

    @BeforeEach
    void loop() {
        SourceStatus status = new SourceStatus(SourceStatus.State.ERROR, Optional.empty(), Optional.of("not read yet"),
                Optional.empty());
        loop = new ControllerLoop(ControllerState.initial(MigrationPlan.defaults(List.of()), status),
                Clock.systemUTC(), "test-loop");
        metrics = new ControllerMetrics(loop::view, loop.queue(), Clock.systemUTC());
    }

    private ApiVerticle api(int port) {
        return new ApiVerticle(loop::view, loop, ReportSubmission.toLoop(loop), metrics, "127.0.0.1", port,
                WriteTokens.NONE);
    }

    @Test
    void failsItsStartWhenThePortIsTaken(Vertx vertx, VertxTestContext ctx) {
        vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0, "127.0.0.1")
                .compose(taken -> vertx.deployVerticle(api(taken.actualPort())))
                .onComplete(ctx.failing(e -> ctx.verify(() -> {
                    assertThat(e).hasMessageContaining("Address already in use");
                    ctx.completeNow();
                })));
    }

    @Test
    void servesOnPortZeroAndStopsWhenUndeployed(Vertx vertx, VertxTestContext ctx) {
        ApiVerticle api = api(0);
        WebClient client = WebClient.create(vertx);
        vertx.deployVerticle(api)
                .compose(id -> client.get(api.port(), "127.0.0.1", "/healthy").send()
                        .map(response -> {
                            ctx.verify(() -> {
                                assertThat(response.statusCode()).isEqualTo(200);
                                assertThat(response.bodyAsJsonObject().getBoolean("healthy")).isTrue();
                            });
                            return id;
                        }))
                .compose(id -> client.get(api.port(), "127.0.0.1", "/ready").send()
                        .map(response -> {
                            ctx.verify(() -> assertThat(response.statusCode()).as("no snapshot loaded yet")
                                    .isEqualTo(503));
                            return id;
                        }))
                .compose(vertx::undeploy)
                .compose(v -> client.get(api.port(), "127.0.0.1", "/healthy").send())
                .onComplete(ctx.failing(e -> ctx.completeNow()));
    }
}
