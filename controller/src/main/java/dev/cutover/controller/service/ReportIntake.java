package dev.cutover.controller.service;

import dev.cutover.model.WorkReport;

import java.util.List;

/**
 * Where accepted worker reports go when the controller does not store them itself: with the Kafka control plane
 * they are produced to the reports topic (durable once this returns) and applied when the active controller
 * consumes them, so every replica numbers them the same way.
 */
@FunctionalInterface
public interface ReportIntake {

    /** Stores the reports durably or throws (nothing is acknowledged to the worker then). */
    void submit(List<WorkReport> reports);
}
