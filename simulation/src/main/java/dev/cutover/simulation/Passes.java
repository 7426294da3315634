package dev.cutover.simulation;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.StreamEntry;
import dev.cutover.controller.reconcile.PlannedWork;
import dev.cutover.protocol.Databases;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.WorkItem;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.worker.commit.LeaseTerms;
import dev.cutover.worker.commit.RoutedWrite;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What one worker does in one pass: its routed writes (what is due; refine, or copy or wait as {@link RoutedWrite}
 * decides from what the warehouse holds, as the Spark worker's routed pass does), then its work list.
 */
final class Passes {

    /** How far back a worker's routed refine looks (older hours are left to the work lists). */
    static final int LOOKBACK_HOURS = 48;

    private Passes() {
    }

    static void refine(Simulation sim, SimWorker worker, Map<String, List<Report>> out) {
        String job = worker.job();
        TreeSet<Long> due = sim.due(job);
        Map<Long, Long> done = sim.done(job);
        int oldest = sim.hourIndex() - LOOKBACK_HOURS;
        for (Iterator<Long> it = due.iterator(); it.hasNext(); ) {
            long key = it.next();
            if (key % 1_000_000L < oldest) {
                it.remove();
                continue;
            }
            String stream = sim.streamOf(key);
            Hour hour = sim.hourOf(key);
            Route route = sim.world().routes().route(job, stream, hour);
            if (!route.writes()) {
                if (route.reason() != null && route.reason().contains("stopped")) {
                    it.remove();
                }
                continue;
            }
            Long mark = done.get(key);
            if (mark != null && mark == route.epoch() * 8 + sim.databaseIndex(route.database())) {
                it.remove();
                continue;
            }
            String table = sim.table(stream);
            RoutedWrite.Decision decision = RoutedWrite.decide(job, route.database(),
                    Databases.of(sim.plan().settings()), db -> held(sim, db, table, hour),
                    other -> keepsShadow(sim, other, stream, hour));
            if (decision instanceof RoutedWrite.Wait) {
                continue;
            }
            String from = decision instanceof RoutedWrite.Copy copy ? copy.from() : null;
            worker.commit(stream, table, hour, from == null ? WorkAction.REFINE : WorkAction.COPY, route.database(),
                    from, route.epoch(), LeaseTerms.of(route))
                    .ifPresent(r -> out.computeIfAbsent(stream, s -> new ArrayList<>()).add(r));
        }
    }

    private static Optional<RoutedWrite.Held> held(Simulation sim, String database, String table, Hour hour) {
        return sim.world().warehouse().at(database, table, hour)
                .map(w -> new RoutedWrite.Held(w.job(), w.epoch(), w.checksum()));
    }

    /** Whether {@code job}'s routes still give it a shadow for the hour (not once its output stopped). */
    private static boolean keepsShadow(Simulation sim, String job, String stream, Hour hour) {
        Route route = sim.world().routes().route(job, stream, hour);
        return route.writes() || route.reason() == null || !route.reason().contains("stopped");
    }

    static void work(Simulation sim, SimWorker worker, Map<String, List<Report>> out) {
        ControllerState state = sim.world().routes().source().startsWith("the controller") ? sim.host().published()
                : null;
        if (state == null) {
            return;
        }
        CutoverSettings settings = sim.plan().settings();
        String production = settings.productionDatabase().value();
        for (StreamEntry entry : state.streams().values()) {
            for (PlannedWork planned : entry.work()) {
                WorkItem item = planned.item();
                String table = sim.table(item.stream());
                if (table == null) {
                    continue;
                }
                if (planned.job().equals(worker.job())) {
                    run(sim, worker, table, item, production).ifPresent(r -> out.computeIfAbsent(item.stream(),
                            s -> new ArrayList<>()).add(r));
                } else if (sim.bug().filter(b -> b == InjectedBug.SKIP_PRESERVE).isPresent()
                        && worker.job().equals(settings.legacyJob()) && item.action() == WorkAction.COPY
                        && production.equals(item.from())) {
                    worker.commit(item.stream(), table, item.hour(), WorkAction.COPY, production,
                            settings.legacyShadow().value(), item.epoch(), LeaseTerms.of(item));
                }
            }
        }
    }

    private static Optional<Report> run(Simulation sim, SimWorker worker, String table, WorkItem item,
                                        String production) {
        Databases databases = Databases.of(sim.plan().settings());
        Function<String, Optional<RoutedWrite.Held>> storage = db -> held(sim, db, table, item.hour());
        Predicate<String> keepsShadow = other -> keepsShadow(sim, other, item.stream(), item.hour());
        if (item.action() == WorkAction.COPY) {
            Optional<String> hold = RoutedWrite.productionHold(worker.job(), item.database(), databases, storage,
                    keepsShadow);
            if (hold.isPresent()) {
                sim.world().trace(item.stream(), worker.job() + " waits with copy " + item.hour() + " -> "
                        + item.database() + ": " + hold.get());
                return Optional.empty();
            }
        }
        if (item.action() == WorkAction.REFINE) {
            // as the Spark worker's WorkExecutor: a refine item does what RoutedWrite makes of what storage holds
            RoutedWrite.Decision decision = RoutedWrite.decide(worker.job(), item.database(), databases, storage,
                    keepsShadow);
            if (decision instanceof RoutedWrite.Wait wait) {
                sim.world().trace(item.stream(), worker.job() + " waits with refine " + item.hour() + " -> "
                        + item.database() + ": " + wait.reason());
                return Optional.empty();
            }
            if (decision instanceof RoutedWrite.Copy copy) {
                return worker.commit(item.stream(), table, item.hour(), WorkAction.COPY, item.database(), copy.from(),
                        item.epoch(), LeaseTerms.of(item));
            }
        }
        switch (item.action()) {
            case COMPARE:
                return Optional.of(worker.compare(table, item));
            case DROP:
                return worker.drop(table, item);
            case COPY:
                if (sim.bug().filter(b -> b == InjectedBug.RESTORE_BY_RECOMPUTE).isPresent()
                        && production.equals(item.database())) {
                    return worker.commit(item.stream(), table, item.hour(), WorkAction.REFINE, item.database(), null,
                            item.epoch(), LeaseTerms.of(item));
                }
                return worker.commit(item.stream(), table, item.hour(), WorkAction.COPY, item.database(), item.from(),
                        item.epoch(), LeaseTerms.of(item));
            default:
                return worker.commit(item.stream(), table, item.hour(), WorkAction.REFINE, item.database(), null,
                        item.epoch(), LeaseTerms.of(item));
        }
    }

    /** Whether nothing but compares is left on any work list and no worker has a paused commit. */
    static boolean settled(Simulation sim) {
        ControllerState state = sim.host().published();
        if (state == null) {
            return false;
        }
        for (StreamEntry entry : state.streams().values()) {
            for (PlannedWork w : entry.work()) {
                if (w.item().action() != WorkAction.COMPARE) {
                    return false;
                }
            }
        }
        return true;
    }
}
