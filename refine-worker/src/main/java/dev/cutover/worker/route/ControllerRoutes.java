package dev.cutover.worker.route;

import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.ControllerApiClient;
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

    private final ControllerApiClient client;
    private final Map<String, Map<String, Route>> cache = new ConcurrentHashMap<>();

    public ControllerRoutes(ControllerApiClient client) {
        this.client = client;
    }

    @Override
    public Optional<Route> route(String job, String stream, Hour hour) throws ApiCallException {
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
                return FenceDecision.check(stream, epoch, client.epoch(stream), describe());
            } catch (ApiCallException e) {
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
