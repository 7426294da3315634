package dev.cutover.controller.kafka;

import dev.cutover.controller.model.ReportRecord;

import java.util.List;
import java.util.Optional;

/**
 * The active controller's intake of worker reports: follows the reports topic from where its restore ended,
 * applies what arrives ({@link ControlPlaneTarget#applyReports}) and then commits the position in the reports
 * group, so that group's lag is the number of reports no controller has applied yet.
 *
 * <p>First it marks what the restore already applied: the reports between the group's committed position and
 * {@code from} were restored (folded in) by this controller but applied by none before, so they are counted
 * ({@link ControlPlaneTarget#countRestored}) once the group's position moved to {@code from}. With nothing committed
 * yet (a new group) none are counted: the history before it cannot be told apart.
 */
final class ReportLoop extends PollingThread {

    private final KafkaSettings settings;
    private final String clientId;
    private final long from;
    private final ControlPlaneTarget target;
    private List<ReportRecord> restored;
    private KafkaReportConsumer consumer;

    /** {@code restored}: the reports the activation restored, numbered {@code seq = offset + 1}. */
    ReportLoop(KafkaSettings settings, String member, long from, List<ReportRecord> restored,
               ControlPlaneTarget target) {
        super("cutover-reports-" + member);
        this.settings = settings;
        this.clientId = member + "-reports";
        this.from = from;
        this.restored = restored;
        this.target = target;
    }

    @Override
    void open() {
        consumer = new KafkaReportConsumer(settings, clientId);
        consumer.startAt(from);
    }

    @Override
    void step() {
        if (restored != null) {
            markRestored();
        }
        List<ReportRecord> reports = consumer.poll(POLL);
        if (!reports.isEmpty()) {
            target.applyReports(reports);
            consumer.commit();
        }
    }

    private void markRestored() {
        Optional<Long> committed = consumer.committed();
        long applied = committed.orElse(from);
        if (committed.isEmpty() || applied < from) {
            consumer.commit();
        }
        List<ReportRecord> unapplied = restored.stream().filter(r -> r.seq() > applied && r.seq() <= from).toList();
        restored = null;
        target.countRestored(unapplied);
    }

    @Override
    void release() {
        if (consumer != null) {
            consumer.close();
        }
    }
}
