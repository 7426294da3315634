package dev.cutover.simulation;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.WorkAction;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** What the simulated workers share: the warehouse, the raw input, the routes they read, the checker, the trace. */
public final class World {

    /** One partition written (and made visible) by a worker, as the checker sees it. */
    public record Write(String job, String stream, String table, Hour hour, WorkAction action, String database,
                        String from, long epoch, Instant leaseUntil, Instant at, SimWorker.Content content,
                        Optional<Warehouse.Written> before) {
    }

    private static final int TRACE_LINES = 40;

    private final Warehouse warehouse = new Warehouse();
    private final RawInput raw;
    private final Supplier<Instant> clock;
    private final Map<String, Deque<String>> traces = new HashMap<>();
    private RouteView routes;
    private InvariantChecker checker;

    World(RawInput raw, Supplier<Instant> clock) {
        this.raw = raw;
        this.clock = clock;
    }

    void wire(RouteView routeView, InvariantChecker invariantChecker) {
        this.routes = routeView;
        this.checker = invariantChecker;
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    public RawInput raw() {
        return raw;
    }

    public RouteView routes() {
        return routes;
    }

    public InvariantChecker checker() {
        return checker;
    }

    /** Adds a line to the stream's event trace (the last lines are printed with a violation). */
    public void trace(String stream, String line) {
        Deque<String> trace = traces.computeIfAbsent(stream, s -> new ArrayDeque<>());
        if (trace.size() == TRACE_LINES) {
            trace.removeFirst();
        }
        trace.addLast(clock.get() + " " + line);
    }

    public List<String> traceOf(String stream) {
        return List.copyOf(traces.getOrDefault(stream, new ArrayDeque<>()));
    }
}
