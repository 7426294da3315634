package dev.cutover.controller.reconcile;

import dev.cutover.controller.model.HourObservation;
import dev.cutover.controller.model.StreamObservations;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.Hold;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.CutoverSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hours each job's routed refine must not write now ({@link WorkPlanner#routedRefineHold}), as runs of
 * consecutive hours with the same reason: what the controller publishes with a stream's routes, so the controller's
 * API and a worker reading the routes topic answer alike ({@link dev.cutover.protocol.RouteTable#route}). Only
 * hours some report mentioned can be held; in the steady state every job's hours fold into a few runs. Pure.
 */
public final class RouteHolds {

    private RouteHolds() {
    }

    public static List<Hold> of(StreamState state, StreamObservations observed, CutoverSettings settings) {
        List<Hold> holds = new ArrayList<>();
        for (String job : settings.jobs()) {
            Hour from = null;
            Hour to = null;
            String reason = null;
            for (Map.Entry<Hour, HourObservation> entry : observed.hours().entrySet()) {
                Hour hour = entry.getKey();
                Optional<String> hold = WorkPlanner.routedRefineHold(state, job, hour, entry.getValue(), settings);
                boolean extends_ = hold.isPresent() && reason != null && hold.get().equals(reason)
                        && to.next().equals(hour);
                if (extends_) {
                    to = hour;
                    continue;
                }
                if (reason != null) {
                    holds.add(new Hold(job, from, to, reason));
                }
                from = hold.isPresent() ? hour : null;
                to = from;
                reason = hold.orElse(null);
            }
            if (reason != null) {
                holds.add(new Hold(job, from, to, reason));
            }
        }
        return List.copyOf(holds);
    }
}
