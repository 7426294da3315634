package dev.cutover.worker.work;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Route;
import dev.cutover.worker.table.Fence;
import dev.cutover.worker.route.RouteProvider;
import java.util.Optional;

/** Routes after a rollback: legacy writes {@code production}, airflow its shadow, both under {@code epoch}; no fence. */
record RolledBackRoutes(String production, String airflowShadow, long epoch) implements RouteProvider {

    @Override
    public Optional<Route> route(String job, String stream, Hour hour) {
        return Optional.of(Route.write(job.equals("legacy") ? production : airflowShadow, epoch));
    }

    @Override
    public Fence fence(String stream, long epoch) {
        return Fence.NONE;
    }

    @Override
    public String describe() {
        return "rolled back";
    }
}
