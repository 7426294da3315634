package dev.cutover.worker.transform;

import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A pure {@code Dataset<Row> -> Dataset<Row>} step of a Refine job (no I/O, no actions). */
@FunctionalInterface
public interface Transform extends UnaryOperator<Dataset<Row>> {
}
