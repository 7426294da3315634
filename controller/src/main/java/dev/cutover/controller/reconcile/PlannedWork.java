package dev.cutover.controller.reconcile;

import dev.cutover.model.WorkItem;

/** A work item and the job whose work list it belongs to. */
public record PlannedWork(String job, WorkItem item) {
}
