package dev.cutover.controller.kafka;

import dev.cutover.controller.model.ReportRecord;

import java.util.List;

/**
 * The active controller's intake of worker reports: follows the reports topic from where its restore ended,
 * applies what arrives ({@link ControlPlaneTarget#applyReports}) and then commits the position in the reports
 * group, so that group's lag is the number of reports no controller has applied yet.
 */
final class ReportLoop extends PollingThread {

    private final KafkaSettings settings;
    private final String clientId;
    private final long from;
    private final ControlPlaneTarget target;
    private KafkaReportConsumer consumer;

    ReportLoop(KafkaSettings settings, String member, long from, ControlPlaneTarget target) {
        super("cutover-reports-" + member);
        this.settings = settings;
        this.clientId = member + "-reports";
        this.from = from;
        this.target = target;
    }

    @Override
    void open() {
        consumer = new KafkaReportConsumer(settings, clientId);
        consumer.startAt(from);
    }

    @Override
    void step() {
        List<ReportRecord> reports = consumer.poll(POLL);
        if (!reports.isEmpty()) {
            target.applyReports(reports);
            consumer.commit();
        }
    }

    @Override
    void release() {
        if (consumer != null) {
            consumer.close();
        }
    }
}
