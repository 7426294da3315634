package dev.cutover.controller.service;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.Effect;
import dev.cutover.controller.core.Trigger;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.Report;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.source.Revision;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The effect runner's ports of a running service: route log, flag writer, loop, poller, metrics. */
record ServicePorts(RouteLog routeLog, Optional<FlagWriter> writer, ControllerLoop loop, ConfigPoller poller,
                    ControllerMetrics metrics) implements EffectRunner.Ports {
    @Override
    public void append(RouteLog.Batch batch) {
        routeLog.append(batch);
    }

    @Override
    public Optional<Revision> writeFlag(FlagChange change, OverrideHead expected) {
        return writer.flatMap(w -> w.apply(change, Optional.of(expected)));
    }

    @Override
    public void publish(ControllerState state) {
        loop.publisher().accept(state);
    }

    @Override
    public void schedule(Set<String> streams, Trigger trigger) {
        loop.schedule(streams, trigger);
    }

    @Override
    public void pollNow() {
        poller.pollNow();
    }

    @Override
    public void countApplied(List<Report> reports) {
        metrics.recordReports(reports);
    }

    @Override
    public void countReconcileFailure(String stream) {
        metrics.recordReconcileFailure(stream);
    }

    @Override
    public void observeLandingLags(List<Effect.LandingLag> lags) {
        metrics.recordLandingLags(lags);
    }

    @Override
    public void observeReconcileGroup(int reconciles, java.time.Duration took) {
        metrics.recordReconcileGroup(reconciles, took);
    }
}
