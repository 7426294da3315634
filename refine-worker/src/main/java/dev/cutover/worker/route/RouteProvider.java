package dev.cutover.worker.route;

import dev.cutover.protocol.Hour;
import dev.cutover.model.Route;
import dev.cutover.worker.table.Fence;
import java.util.Optional;

/** Where each (stream, hour) of a job goes, and how its commit is fenced. */
public interface RouteProvider {

    /**
     * The route of {@code stream} for {@code job} at {@code hour}; empty when the stream is not managed
     * (the controller does not list it). A route with a null database means "do not write".
     */
    Optional<Route> route(String job, String stream, Hour hour) throws ControllerClient.ControllerException;

    /** The epoch re-check for a commit made under {@code epoch}. */
    Fence fence(String stream, long epoch);

    /** Forget cached answers (the work loop calls it once per round). */
    default void clear() {
    }

    String describe();
}
