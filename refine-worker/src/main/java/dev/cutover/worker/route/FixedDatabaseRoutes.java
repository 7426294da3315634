package dev.cutover.worker.route;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Route;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.table.Fence;
import java.util.Optional;

/** Standalone mode ({@code --database}): every stream goes to one database under epoch 0; no fencing. */
public record FixedDatabaseRoutes(DatabaseName database) implements RouteProvider {

    @Override
    public Optional<Route> route(String job, String stream, Hour hour) {
        return Optional.of(Route.write(database.value(), 0));
    }

    @Override
    public Fence fence(String stream, long epoch) {
        return Fence.NONE;
    }

    @Override
    public String describe() {
        return "fixed database " + database + " (no fencing)";
    }
}
