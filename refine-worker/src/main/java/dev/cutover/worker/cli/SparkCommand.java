package dev.cutover.worker.cli;

import org.apache.spark.sql.SparkSession;

/** Base of the commands that need Spark: one session per process, built from the common options. */
abstract class SparkCommand {

    protected final WorkerContext context;

    SparkCommand(WorkerContext context) {
        this.context = context;
    }

    protected SparkSession spark(CommonOptions common, String app) {
        return (SparkSession) context.sessions().apply(common.spark("cutover-" + app));
    }
}
