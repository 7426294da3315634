package dev.cutover.controller.core;

import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.Report;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.poll.PollOutcome;
import dev.cutover.streamconfig.source.Revision;
import dev.cutover.streamconfig.source.SourceStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Everything that happens to the controller, as data: the input of {@link Controller#step}. */
public sealed interface Event {

    /** The route log was read at start (journal: active; Kafka: standby until elected). */
    record Restored(Instant at, RouteLog.Restored restored, Role role, Optional<Snapshot> lastKnownGood,
                    SourceStatus status, Optional<LayerInfo> layer, String routeLog) implements Event {
    }

    /** A config poll completed (whatever its outcome). */
    record ConfigFetched(Instant at, PollOutcome outcome, Optional<Snapshot> latest, SourceStatus status,
                         Optional<LayerInfo> layer) implements Event {
    }

    /** Reports received over HTTP, to validate, number and store (journal). */
    record ReportsReceived(Instant at, List<Report> reports, Reply reply) implements Event {
        public ReportsReceived {
            reports = List.copyOf(reports);
        }
    }

    /** Reports already stored and numbered by the reports topic (Kafka), to apply. */
    record ReportsConsumed(List<ReportRecord> records) implements Event {
        public ReportsConsumed {
            records = List.copyOf(records);
        }
    }

    /** Reports restored on activation that no controller had applied before: count them as applied. */
    record RestoredReportsCounted(List<ReportRecord> records) implements Event {
        public RestoredReportsCounted {
            records = List.copyOf(records);
        }
    }

    enum OperatorAction { OVERRIDE, DECOMMISSION }

    /** An explicit, audited request of a person: override a preflight block, or decommission the legacy job. */
    record OperatorRequested(Instant at, String stream, OperatorAction action, String who, String why, Reply reply)
            implements Event {
    }

    /** The audited acceptance of an override layer that went back to {@code revision}. */
    record OverrideAcceptRequested(Instant at, long revision, String who, String why, Reply reply) implements Event {
    }

    /** Elected: state restored after every older writer was fenced. */
    record Activated(Instant at, RouteLog.Restored restored) implements Event {
    }

    /** Lost the role (or fenced): stop writing. */
    record Deactivated(String reason) implements Event {
    }

    /** A standby catching up from scratch. */
    record Reloaded(RouteLog.Restored restored) implements Event {
    }

    /** A standby following the routes topic (empty = the stream's route was deleted). */
    record RouteFollowed(String stream, Optional<StreamState> state) implements Event {
    }

    /** A standby following the audit topic. */
    record AuditFollowed(AuditEvent event) implements Event {
    }

    /** The periodic full resync: reconcile every stream. */
    record ResyncDue() implements Event {
    }

    /** One stream's turn to be reconciled. */
    record ReconcileDue(Instant at, Reconciliation ctx) implements Event {
    }

    /** The flag write a reconcile asked for was performed ({@code revision} empty: nothing needed writing). */
    record FlagWritten(Instant at, Reconciliation ctx, FlagChange change, Optional<Revision> revision)
            implements Event {
    }

    /** An effect failed; the state is what it was before the step that asked for it when it was an append. */
    record EffectFailed(Instant at, Effect effect, String error) implements Event {
    }
}
