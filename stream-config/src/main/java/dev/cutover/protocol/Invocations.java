package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.streamconfig.TableNames;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The routes of every managed stream rendered as runs of a job that does not call Cutover (Refine under systemd
 * timers, an Airflow DAG): {@code runs} together write exactly what {@link RouteTable#route} says for the job over
 * the hours {@code from} (inclusive) to {@code to} (exclusive), each (stream, hour) once, into the database the route
 * names; hours a route says must not be written are in no run and listed in {@code held}. Wire shape of
 * {@code GET /v1/jobs/{job}/invocations?from=&to=}: {@code {"job", "from", "to", "runs", "held"}}.
 *
 * <p>A run never spans a routing change of any of its tables: runs are split at every segment boundary (cutover
 * hours, rollbacks, a decommission) of the streams they hold, so each run lies within one segment, one epoch, per
 * stream. Between boundaries runs are maximal: consecutive hours with the same database and the same tables are one
 * run. The routes are those published when rendered: render again before each run (a timer or a DAG does), since a
 * cutover moves the hours from its cutover hour on.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Invocations(@JsonProperty("job") String job,
                          @JsonProperty("from") Hour from,
                          @JsonProperty("to") Hour to,
                          @JsonProperty("runs") List<Invocation> runs,
                          @JsonProperty("held") List<HeldHours> held) {

    /** The most hours one rendering covers: a leap year. */
    public static final int MAX_HOURS = 24 * 366;

    public Invocations {
        runs = runs == null ? List.of() : List.copyOf(runs);
        held = held == null ? List.of() : List.copyOf(held);
    }

    /**
     * Renders {@code tables} (the route tables of all managed streams) for {@code job} over [{@code from},
     * {@code to}).
     *
     * @throws IllegalArgumentException naming the input, the problem and the way out: a range that selects no hour or
     *                                  more than {@link #MAX_HOURS}, a job the plan does not know, a stream twice
     */
    public static Invocations render(String job, Collection<RouteTable> tables, Hour from, Hour to) {
        requireRange(from, to);
        Objects.requireNonNull(job, "job");
        List<HeldHours> held = new ArrayList<>();
        List<Target> targets = targets(job, tables, from, to, held);
        List<Invocation> runs = new ArrayList<>();
        Map<String, OpenRun> open = new TreeMap<>();
        Map<String, OpenHeld> openHeld = new HashMap<>();
        for (Hour hour = from; hour.isBefore(to); hour = hour.next()) {
            Map<String, TreeMap<String, Member>> now = new TreeMap<>();
            for (Target target : targets) {
                Route route = target.table().route(job, hour);
                if (route.writes()) {
                    now.computeIfAbsent(route.database(), d -> new TreeMap<>()).put(target.name(),
                            new Member(target.table().stream(), target.routing().segmentFor(hour).fromHour()));
                    OpenHeld ended = openHeld.remove(target.table().stream());
                    if (ended != null) {
                        held.add(ended.close(hour));
                    }
                } else {
                    OpenHeld current = openHeld.get(target.table().stream());
                    if (current != null && !current.reason().equals(route.reason())) {
                        held.add(current.close(hour));
                        current = null;
                    }
                    if (current == null) {
                        openHeld.put(target.table().stream(), new OpenHeld(target, hour, route.reason()));
                    }
                }
            }
            advance(open, now, hour, runs);
        }
        open.values().forEach(run -> runs.add(run.close(to)));
        openHeld.values().forEach(h -> held.add(h.close(to)));
        runs.sort(Comparator.comparing(Invocation::since).thenComparing(Invocation::outputDatabase)
                .thenComparing(r -> r.tables().get(0)));
        held.sort(Comparator.comparing(HeldHours::stream).thenComparing(HeldHours::since));
        return new Invocations(job, from, to, runs, held);
    }

    /** Closes the runs whose database's tables change at {@code hour} and opens the new ones. */
    private static void advance(Map<String, OpenRun> open, Map<String, TreeMap<String, Member>> now, Hour hour,
                                List<Invocation> runs) {
        List<String> databases = new ArrayList<>(open.keySet());
        now.keySet().stream().filter(d -> !open.containsKey(d)).forEach(databases::add);
        for (String database : databases) {
            OpenRun run = open.get(database);
            TreeMap<String, Member> members = now.get(database);
            if (run != null && run.members().equals(members)) {
                continue;
            }
            if (run != null) {
                runs.add(run.close(hour));
                open.remove(database);
            }
            if (members != null) {
                open.put(database, new OpenRun(database, hour, members));
            }
        }
    }

    /**
     * The hours [{@code from}, {@code to}) as a range one rendering covers.
     *
     * @throws IllegalArgumentException when it selects no hour or more than {@link #MAX_HOURS}, with the way out
     */
    public static void requireRange(Hour from, Hour to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from=" + from + " to=" + to + " selects no hour: to is exclusive, so"
                    + " the range [" + from + ", " + to + ") is empty; to render hour " + from + " pass to="
                    + from.next() + " (or a later hour)");
        }
        long hours = Duration.between(from.start(), to.start()).toHours();
        if (hours > MAX_HOURS) {
            throw new IllegalArgumentException("from=" + from + " to=" + to + " spans " + hours + " hours, more than"
                    + " the " + MAX_HOURS + " (366 days) one rendering covers; split the range, e.g. from=" + from
                    + " to=" + from.plusHours(MAX_HOURS) + " first");
        }
    }

    /**
     * The streams that can be rendered, with their table; the others are held for the whole range: a stream without
     * a table name, and streams sharing one table (a run selects tables, so they cannot be told apart).
     */
    private static List<Target> targets(String job, Collection<RouteTable> tables, Hour from, Hour to,
                                        List<HeldHours> held) {
        Map<String, List<RouteTable>> byTable = new TreeMap<>();
        Map<String, RouteTable> byStream = new HashMap<>();
        for (RouteTable table : tables) {
            if (byStream.put(table.stream(), table) != null) {
                throw new IllegalArgumentException("stream '" + table.stream() + "' has two route tables; pass each"
                        + " managed stream's table once");
            }
            if (!table.databases().knows(job)) {
                throw new IllegalArgumentException("unknown job '" + job + "': the migration plan's jobs are "
                        + table.databases().jobs().keySet() + "; ask for one of them");
            }
            Optional<String> name = TableNames.find(table.stream());
            if (name.isEmpty()) {
                held.add(new HeldHours(table.stream(), null, from, to,
                        TableNames.problem(table.stream()).orElseThrow()));
                continue;
            }
            byTable.computeIfAbsent(name.get(), t -> new ArrayList<>()).add(table);
        }
        List<Target> targets = new ArrayList<>();
        byTable.forEach((name, sharing) -> {
            if (sharing.size() == 1) {
                targets.add(new Target(name, sharing.get(0), sharing.get(0).routing()));
                return;
            }
            List<String> streams = sharing.stream().map(RouteTable::stream).sorted().toList();
            for (String stream : streams) {
                held.add(new HeldHours(stream, name, from, to, "streams " + streams + " share the Hive table '"
                        + name + "', and a run selects tables, not streams: rename one of them in the stream config"
                        + " (the controller shows them INVALID)"));
            }
        });
        targets.sort(Comparator.comparing(Target::name));
        return targets;
    }

    /** A stream that can be rendered: its table name, its route table and its routing history (read once). */
    private record Target(String name, RouteTable table, Routing routing) {
    }

    /** A table in a run: its stream and the segment of its routing history the run lies in. */
    private record Member(String stream, Hour segment) {
    }

    private record OpenRun(String database, Hour since, TreeMap<String, Member> members) {
        Invocation close(Hour until) {
            List<String> names = new ArrayList<>(members.keySet());
            List<String> streams = new ArrayList<>();
            members.values().forEach(m -> streams.add(m.stream()));
            return Invocation.of(since, until, database, names, streams);
        }
    }

    private record OpenHeld(Target target, Hour since, String reason) {
        HeldHours close(Hour until) {
            return new HeldHours(target.table().stream(), target.name(), since, until, reason);
        }
    }
}
