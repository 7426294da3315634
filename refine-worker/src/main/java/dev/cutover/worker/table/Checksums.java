package dev.cutover.worker.table;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * The order-independent content checksum: {@code sum(cast(xxhash64(c1, c2, ...) as decimal(38,0)))} over
 * the given columns in name order (so both sides of a comparison hash the same list). Spark 4 runs ANSI
 * SQL, where summing the raw 64-bit hashes would overflow; a decimal sum of up to 10^19 rows cannot.
 * An empty input has checksum {@code 0}.
 *
 * <p>The commit records this checksum over all data columns of the table ({@code cutover.checksum}) together
 * with {@link #ALGORITHM} ({@code cutover.checksum_algo}); compare trusts a recorded checksum only when its
 * algorithm is this one and the table schema is the one it was computed under. Change the definition here
 * and you must change {@link #ALGORITHM}: partitions written under another definition are then scanned.
 */
public final class Checksums {

    /** The version of the definition above (the recorded {@code cutover.checksum_algo}). */
    public static final String ALGORITHM = "sum-xxhash64-decimal38-v1";

    private Checksums() {
    }

    public static Column rowHash(Collection<String> columns) {
        List<String> sorted = columns.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return functions.lit(0L);
        }
        return functions.xxhash64(sorted.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new));
    }

    public static Column checksum(Collection<String> columns) {
        return functions.coalesce(functions.sum(rowHash(columns).cast("decimal(38,0)")),
                functions.lit(0).cast("decimal(38,0)"));
    }

    public static List<String> names(org.apache.spark.sql.types.StructType schema) {
        return Arrays.stream(schema.fieldNames()).toList();
    }

    /** The checksum value as text (a decimal; never null). */
    public static String text(Object value) {
        return value == null ? "0" : new java.math.BigDecimal(value.toString()).toPlainString();
    }
}
