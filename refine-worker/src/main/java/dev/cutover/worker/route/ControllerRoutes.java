package dev.cutover.worker.route;

import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.model.Route;
import dev.cutover.worker.table.Fence;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes from the controller: one {@code GET /v1/routes?job=&hour=} per (job, hour) per round, cached
 * until {@link #clear}. The fence asks {@code GET /v1/epochs?stream=} and aborts when the epoch moved or
 * cannot be confirmed.
 */
public final class ControllerRoutes implements RouteProvider {

    private final ControllerClient client;
    private final Map<String, Map<String, Route>> cache = new ConcurrentHashMap<>();

    public ControllerRoutes(ControllerClient client) {
        this.client = client;
    }

    @Override
    public Optional<Route> route(String job, String stream, Hour hour) throws ControllerClient.ControllerException {
        String key = job + "@" + hour;
        Map<String, Route> routes = cache.get(key);
        if (routes == null) {
            routes = client.routes(job, hour);
            cache.put(key, routes);
        }
        return Optional.ofNullable(routes.get(stream));
    }

    @Override
    public Fence fence(String stream, long epoch) {
        return () -> {
            try {
                return FenceDecision.check(stream, epoch, Optional.of(client.epoch(stream)), describe());
            } catch (ControllerClient.ControllerException e) {
                return FenceDecision.unconfirmed(stream, epoch, e.getMessage());
            }
        };
    }

    @Override
    public void clear() {
        cache.clear();
    }

    @Override
    public String describe() {
        return "controller " + client.base();
    }
}
