package dev.cutover.controller.reconcile;

import dev.cutover.protocol.WorkItem;

/** A work item and the job whose work list it belongs to. */
public record PlannedWork(String job, WorkItem item) {
}
