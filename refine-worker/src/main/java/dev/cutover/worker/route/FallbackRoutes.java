package dev.cutover.worker.route;

import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.model.Route;
import dev.cutover.worker.table.Fence;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * Routes from the controller's HTTP API, and from the compacted routes topic while the API is unreachable (no
 * controller up, or none reachable): refining goes on, since routes cannot change while no controller runs. Only
 * an unreachable API falls back; an API that answers with an error (a bad request, a missing token) does not.
 * The fence follows the same rule: the epoch comes from the API, or from the topic when the API is unreachable.
 */
public final class FallbackRoutes implements RouteProvider {

    private final ControllerClient client;
    private final ControllerRoutes controller;
    private final KafkaRoutes kafka;
    private final PrintStream log;
    private volatile boolean fallingBack;

    public FallbackRoutes(ControllerClient client, KafkaRoutes kafka, PrintStream log) {
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
    public Optional<Route> route(String job, String stream, Hour hour) throws ControllerClient.ControllerException {
        try {
            Optional<Route> route = controller.route(job, stream, hour);
            recovered();
            return route;
        } catch (ControllerClient.ControllerException e) {
            if (!unreachable(e)) {
                throw e;
            }
            fellBack(e);
            return kafka.route(job, stream, hour);
        }
    }

    @Override
    public Fence fence(String stream, long epoch) {
        return () -> {
            long current;
            try {
                current = client.epoch(stream);
            } catch (ControllerClient.ControllerException e) {
                if (!unreachable(e)) {
                    return FenceDecision.unconfirmed(stream, epoch, e.getMessage());
                }
                fellBack(e);
                return kafka.fence(stream, epoch).check();
            }
            return FenceDecision.check(stream, epoch, Optional.of(current), "controller " + client.base());
        };
    }

    private static boolean unreachable(ControllerClient.ControllerException e) {
        return e.getCause() instanceof IOException;
    }

    private void fellBack(ControllerClient.ControllerException e) {
        if (!fallingBack) {
            log.println("warning: " + e.getMessage() + "; reading routes and epochs from " + kafka.describe()
                    + " until it answers again");
        }
        fallingBack = true;
    }

    private void recovered() {
        if (fallingBack) {
            log.println("controller " + client.base() + " answers again; routes come from it");
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
        return "controller " + client.base() + ", or " + kafka.describe() + " while it is unreachable";
    }
}
