package dev.cutover.simulation;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.StreamEntry;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.RouteTable;
import dev.cutover.protocol.Routing;
import dev.cutover.protocol.Segment;
import dev.cutover.streamconfig.CutoverSettings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routes workers read: the controller's published route tables (its API), or, while it is down, the tables it
 * last wrote (the routes topic's fallback), answered with the one routing rule {@link RouteTable#route}. The
 * injected bugs that corrupt routes live here; the checker sees every table workers are given.
 */
public final class RouteView {

    private final ControllerHost host;
    private final CutoverSettings settings;
    private final Optional<InjectedBug> bug;
    private final InvariantChecker checker;
    private final Map<String, RouteTable> given = new HashMap<>();
    private final Map<String, RouteTable> seen = new HashMap<>();

    RouteView(ControllerHost host, CutoverSettings settings, Optional<InjectedBug> bug, InvariantChecker checker) {
        this.host = host;
        this.settings = settings;
        this.bug = bug;
        this.checker = checker;
    }

    /** The table workers get for {@code stream}, or empty when the stream has no route. */
    public Optional<RouteTable> table(String stream) {
        ControllerState published = host.published();
        if (published == null) {
            return Optional.empty();
        }
        StreamEntry entry = published.streams().get(stream);
        if (entry == null) {
            return Optional.empty();
        }
        RouteTable table = entry.table();
        RouteTable last = seen.get(stream);
        if (last == table || table.equals(last)) {
            return Optional.of(given.get(stream));
        }
        RouteTable out = table;
        RouteTable previousGiven = given.get(stream);
        if (bug.filter(b -> b == InjectedBug.REUSE_EPOCH).isPresent() && previousGiven != null
                && table.segments().size() > previousGiven.segments().size()) {
            out = reuseEpoch(table, previousGiven.epoch());
        }
        seen.put(stream, table);
        given.put(stream, out);
        checker.routesGiven(stream, previousGiven, out);
        return Optional.of(out);
    }

    /** The bug: the newest segment and the table keep the epoch they replace. */
    private static RouteTable reuseEpoch(RouteTable table, long previousEpoch) {
        List<Segment> segments = new ArrayList<>(table.segments());
        Segment last = segments.get(segments.size() - 1);
        segments.set(segments.size() - 1, new Segment(last.fromHour(), previousEpoch, last.leader(),
                last.secondaryStopped(), last.publishedAt(), last.leaseMs(), last.notBefore()));
        try {
            return new RouteTable(table.stream(), previousEpoch, segments, table.databases(), table.holds());
        } catch (IllegalArgumentException e) {
            return table;
        }
    }

    public Optional<Long> currentEpoch(String stream) {
        return table(stream).map(RouteTable::epoch);
    }

    public Route route(String job, String stream, Hour hour) {
        Optional<RouteTable> table = table(stream);
        if (table.isEmpty()) {
            return Route.doNotWrite(0, "no route for " + stream);
        }
        Route route = table.get().route(job, hour);
        if (bug.filter(b -> b == InjectedBug.ROUTE_CUTOVER_HOUR_TO_BOTH).isPresent()) {
            Routing routing = table.get().routing();
            Segment current = routing.current();
            if (routing.segments().size() > 1 && hour.equals(current.fromHour()) && !job.equals(current.leader())
                    && route.writes()) {
                return Route.write(settings.productionDatabase().value(), route.epoch(), route.leaseMs(),
                        route.notBefore());
            }
        }
        return route;
    }

    public String source() {
        return host.up() ? "the controller's API" : "the routes topic (controller down)";
    }
}
