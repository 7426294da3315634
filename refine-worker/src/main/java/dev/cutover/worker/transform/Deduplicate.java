package dev.cutover.worker.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code deduplicate} as Wikimedia's Refine does it (its {@code deduplicate} transform function):
 * <ul>
 *   <li>the key of a row is its first non-null id among {@link #KEYS}: {@code meta.id} (Event Platform events),
 *       else {@code uuid} (legacy EventLogging events), so a row whose {@code meta.id} is X and one without
 *       {@code meta.id} whose {@code uuid} is X are duplicates. Columns are found case-insensitively, as Spark
 *       resolves them; a dataset with neither column is returned unchanged;</li>
 *   <li>a row whose ids are all null is always kept (the peer gives it a random key);</li>
 *   <li>of the rows sharing a key, the one kept is the first by {@link #ORDER}, each descending with nulls last:
 *       the latest {@code meta.dt}, then the greatest {@code meta.request_id}, then the greatest {@code meta.uri}
 *       (the columns present). {@code meta.dt} is compared as the peer compares it, as text (its Hive refine reads
 *       date-times as strings), unless {@link #DT_AS_TIMESTAMP} asks for instants (an unparseable one then sorts
 *       last);</li>
 *   <li>rows still tied (the peer keeps an arbitrary one) are broken by the greatest hash of the whole row, so the
 *       result never depends on the input order.</li>
 * </ul>
 * {@code deduplicate_eventlogging} and {@code deduplicate_eventbus} are the peer's names for the same function.
 */
public final class Deduplicate {

    public static final List<String> KEYS = List.of("meta.id", "uuid");
    public static final List<String> ORDER = List.of("meta.dt", "meta.request_id", "meta.uri");
    /** The option: compare {@code meta.dt} as instants, not as text. */
    public static final String DT_AS_TIMESTAMP = "dt_as_timestamp";

    private static final String RANK = "__cutover_rank";

    private Deduplicate() {
    }

    /** The transform {@code name(args)}; the only argument is {@link #DT_AS_TIMESTAMP}. */
    public static Transform transform(String name, List<String> args) {
        for (String arg : args) {
            if (!DT_AS_TIMESTAMP.equals(arg)) {
                throw new IllegalArgumentException(name + " takes no arguments except " + DT_AS_TIMESTAMP + " (got '" + arg
                        + "'); write " + name + " to compare meta.dt as text like the peer, or " + name + "("
                        + DT_AS_TIMESTAMP + ") to compare instants");
            }
        }
        boolean dtAsTimestamp = !args.isEmpty();
        return ds -> apply(ds, dtAsTimestamp);
    }

    /** One row per key, chosen as the class comment says. */
    public static Dataset<Row> apply(Dataset<Row> ds, boolean dtAsTimestamp) {
        List<String> keys = KEYS.stream().flatMap(k -> resolve(ds.schema(), k).stream()).toList();
        if (keys.isEmpty()) {
            return ds;
        }
        Column key = functions.coalesce(keys.stream().map(Deduplicate::column).toArray(Column[]::new));
        List<Column> order = new ArrayList<>();
        for (String path : ORDER.stream().flatMap(p -> resolve(ds.schema(), p).stream()).toList()) {
            Column c = column(path);
            if (dtAsTimestamp && path.equalsIgnoreCase("meta.dt") && type(ds.schema(), path) instanceof StringType) {
                c = functions.try_to_timestamp(c);
            }
            order.add(c.desc_nulls_last());
        }
        // The column order is the dataset's, fixed by the schema. Hashing maps needs
        // spark.sql.legacy.allowHashOnMapType, which the worker's session always sets (SparkSettings).
        Column[] all = Arrays.stream(ds.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
        order.add(functions.xxhash64(all).desc());
        Column rank = when(key.isNull(), lit(1))
                .otherwise(row_number().over(Window.partitionBy(key).orderBy(order.toArray(Column[]::new))));
        return ds.withColumn(RANK, rank).where(col(RANK).equalTo(1)).drop(RANK);
    }

    /** The dotted path as the schema spells it, matching each part case-insensitively; empty when absent. */
    static Optional<String> resolve(StructType schema, String dotted) {
        DataType current = schema;
        List<String> parts = new ArrayList<>();
        for (String part : dotted.split("\\.")) {
            if (!(current instanceof StructType struct)) {
                return Optional.empty();
            }
            Optional<StructField> field = Arrays.stream(struct.fields()).filter(f -> f.name().equalsIgnoreCase(part))
                    .findFirst();
            if (field.isEmpty()) {
                return Optional.empty();
            }
            parts.add(field.get().name());
            current = field.get().dataType();
        }
        return Optional.of(String.join(".", parts));
    }

    private static DataType type(StructType schema, String path) {
        DataType current = schema;
        for (String part : path.split("\\.")) {
            current = ((StructType) current).apply(part).dataType();
        }
        return current;
    }

    private static Column column(String path) {
        return col("`" + path.replace(".", "`.`") + "`");
    }
}
