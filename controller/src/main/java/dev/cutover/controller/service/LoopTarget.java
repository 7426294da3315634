package dev.cutover.controller.service;

import dev.cutover.controller.core.Event;
import dev.cutover.controller.kafka.ControlPlaneTarget;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.AuditEvent;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Kafka control plane's calls as events of the controller loop. Role changes and applied reports return once the
 * loop processed them (so nothing is written after a step-down returns, and a report's position is committed only
 * after it was applied); followed records are handed over in order.
 */
final class LoopTarget implements ControlPlaneTarget {

    private final ControllerLoop loop;

    LoopTarget(ControllerLoop loop) {
        this.loop = loop;
    }

    @Override
    public void activate(RouteLog.Restored restored) {
        await(loop.postAndTrack(new Event.Activated(loop.clock().instant(), restored)));
    }

    @Override
    public void deactivate(String reason) {
        await(loop.postAndTrack(new Event.Deactivated(reason)));
    }

    @Override
    public void reload(RouteLog.Restored restored) {
        await(loop.postAndTrack(new Event.Reloaded(restored)));
    }

    @Override
    public void followRoute(String stream, Optional<StreamState> state) {
        loop.post(new Event.RouteFollowed(stream, state));
    }

    @Override
    public void followEvent(AuditEvent event) {
        loop.post(new Event.AuditFollowed(event));
    }

    @Override
    public void countRestored(List<ReportRecord> reports) {
        loop.post(new Event.RestoredReportsCounted(reports));
    }

    @Override
    public void applyReports(List<ReportRecord> reports) {
        await(loop.postAndTrack(new Event.ReportsConsumed(reports)));
    }

    private static void await(CompletableFuture<Void> processed) {
        try {
            processed.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the controller loop did not process a control-plane event in time: "
                    + e, e);
        }
    }
}
