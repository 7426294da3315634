package dev.cutover.worker.route;

import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.ControllerApiClient;
import dev.cutover.protocol.kafka.RoutesTopicReader.RoutesUnavailableException;
import dev.cutover.worker.table.Fence;

import java.io.PrintStream;
import java.util.Optional;

/**
 * Routes from the controller's HTTP API, and from the compacted routes topic while the API is unreachable (no
 * controller up, or none reachable): refining goes on, since routes cannot change while no controller runs. Only
 * an unreachable API ({@link ApiCallException#unreachable()}) falls back; an API that answers with an error (a bad
 * request, a missing token) does not. The fence follows the same rule: the epoch comes from the API, or from the
 * topic when the API is unreachable.
 */
public final class FallbackRoutes implements RouteProvider {

    private final ControllerApiClient client;
    private final ControllerRoutes controller;
    private final KafkaRoutes kafka;
    private final PrintStream log;
    private volatile boolean fallingBack;

    public FallbackRoutes(ControllerApiClient client, KafkaRoutes kafka, PrintStream log) {
        this.client = client;
        this.controller = new ControllerRoutes(client);
        this.kafka = kafka;
        this.log = log;
    }

    /** Whether the controller was unreachable on the last call (routes came from Kafka). */
    public boolean fallingBack() {
        return fallingBack;
    }

    @Override
    public Optional<Route> route(String job, String stream, Hour hour)
            throws ApiCallException, RoutesUnavailableException {
        try {
            Optional<Route> route = controller.route(job, stream, hour);
            recovered();
            return route;
        } catch (ApiCallException e) {
            if (!e.unreachable()) {
                throw e;
            }
            fellBack(e);
            return kafka.route(job, stream, hour);
        }
    }

    @Override
    public Fence fence(String stream, long epoch) {
        return () -> {
            Optional<Long> current;
            try {
                current = client.epoch(stream);
            } catch (ApiCallException e) {
                if (!e.unreachable()) {
                    return FenceDecision.unconfirmed(stream, epoch, e.getMessage());
                }
                fellBack(e);
                return kafka.fence(stream, epoch).check();
            }
            return FenceDecision.check(stream, epoch, current, controller.describe());
        };
    }

    private void fellBack(ApiCallException e) {
        if (!fallingBack) {
            log.println("warning: " + e.getMessage() + "; reading routes and epochs from " + kafka.describe()
                    + " until it answers again");
        }
        fallingBack = true;
    }

    private void recovered() {
        if (fallingBack) {
            log.println(controller.describe() + " answers again; routes come from it");
        }
        fallingBack = false;
    }

    @Override
    public void clear() {
        controller.clear();
        kafka.clear();
    }

    @Override
    public String describe() {
        return controller.describe() + ", or " + kafka.describe() + " while it is unreachable";
    }
}
