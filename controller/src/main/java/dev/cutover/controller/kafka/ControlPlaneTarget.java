package dev.cutover.controller.kafka;

import dev.cutover.protocol.AuditEvent;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLog;

import java.util.List;
import java.util.Optional;

/**
 * What {@link KafkaControlPlane} drives: the controller's state and its reconcile loop. Calls come from the
 * control plane's own threads (role changes, the standby's follower, the active controller's report consumer).
 */
public interface ControlPlaneTarget {

    /** Become the active controller on state restored after every older writer was fenced; reconcile everything. */
    void activate(RouteLog.Restored restored);

    /** Stop reconciling and writing; returns once no reconcile is running. */
    void deactivate(String reason);

    /** A standby catching up from scratch: replace everything it knows. */
    void reload(RouteLog.Restored restored);

    /** A standby following the routes topic (empty = the stream's route was deleted). */
    void followRoute(String stream, Optional<StreamState> state);

    /** A standby following the audit topic. */
    void followEvent(AuditEvent event);

    /**
     * The active controller's restore held these reports and no controller had applied them before (the reports
     * group had not committed past them): they are folded in already; count them as applied.
     */
    void countRestored(List<ReportRecord> reports);

    /** Reports read from the reports topic (numbered by offset): fold them in and reconcile their streams. */
    void applyReports(List<ReportRecord> reports);
}
