package dev.cutover.worker.route;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.kafka.RoutesTopicReader.RoutesUnavailableException;
import dev.cutover.worker.table.Fence;
import java.util.Optional;

/** Where each (stream, hour) of a job goes, and how its commit is fenced. */
public interface RouteProvider {

    /**
     * The route of {@code stream} for {@code job} at {@code hour}; empty when the stream is not managed (the
     * controller does not list it). A route that does not {@link Route#writes() write} means "do not write now"
     * ({@link Route#reason()} says why).
     *
     * @throws ApiCallException           the controller's API failed (and the provider has no fallback for it)
     * @throws RoutesUnavailableException the routes topic could not be read
     */
    Optional<Route> route(String job, String stream, Hour hour) throws ApiCallException, RoutesUnavailableException;

    /** The epoch re-check for a commit made under {@code epoch}. */
    Fence fence(String stream, long epoch);

    /** Forget cached answers (the work loop calls it once per round). */
    default void clear() {
    }

    String describe();
}
