package dev.cutover.controller.http;

import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerCore;
import dev.cutover.controller.service.ControllerMetrics;
import dev.cutover.controller.service.ReconcileQueue;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.SourceOptions;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The API verticle's lifecycle on Vert.x: port 0, a taken port, asynchronous stop. */
@ExtendWith(VertxExtension.class)
class ApiVerticleIT {

    @TempDir
    Path dir;
    ControllerCore core;
    ReconcileQueue queue;
    ControllerMetrics metrics;

    @BeforeEach
    void core() {
        ConfigTracker tracker = new ConfigTracker(ConfigSources.open(
                Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json").toString(),
                SourceOptions.defaults()), dir.resolve("config"), Clock.systemUTC(), TrackerPolicy.defaults());
        core = new ControllerCore(MigrationPlan.defaults(List.of()), tracker, new JournalRouteLog(dir), Optional.empty(),
                Clock.systemUTC());
        core.start();
        queue = new ReconcileQueue(core);
        metrics = new ControllerMetrics(core, queue);
    }

    @AfterEach
    void close() {
        queue.close();
        core.close();
    }

    @Test
    void failsItsStartWhenThePortIsTaken(Vertx vertx, VertxTestContext ctx) {
        vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0, "127.0.0.1")
                .compose(taken -> vertx.deployVerticle(new ApiVerticle(core, queue, metrics, "127.0.0.1",
                        taken.actualPort(), Optional.empty())))
                .onComplete(ctx.failing(e -> ctx.verify(() -> {
                    assertThat(e).hasMessageContaining("Address already in use");
                    ctx.completeNow();
                })));
    }

    @Test
    void servesOnPortZeroAndStopsWhenUndeployed(Vertx vertx, VertxTestContext ctx) {
        ApiVerticle api = new ApiVerticle(core, queue, metrics, "127.0.0.1", 0, Optional.empty());
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
