package dev.cutover.worker.compare;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.cutover.protocol.CompareDetail.KeyedDiff;
import dev.cutover.protocol.CompareDetail.NumericDiff;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The keyed diff of two sides on {@code meta.id}: one full outer join of per-column hashes, aggregated once into rows
 * on one side only, rows on both sides ({@code rows_both}), changed rows, mismatches per common column, and for each
 * numeric common column (a top-level numeric type) how far the differing key-matched values are apart
 * ({@code numeric}); then up to 10 sample ids. Rows without {@code meta.id} are not joined (the controller sees that
 * {@code rows_both} plus one side's only-rows is less than the side's rows).
 */
final class KeyedDiffs {

    private static final String KEY = "__key";
    private static final int SAMPLES = 10;

    private KeyedDiffs() {
    }

    /** @param common the common columns (same name and type on both sides), as the left side spells them */
    static KeyedDiff of(Dataset<Row> left, Dataset<Row> right, List<String> common) {
        List<String> cols = common.stream().sorted().toList();
        List<Boolean> numeric = new ArrayList<>();
        for (String c : cols) {
            numeric.add(isNumeric(typeOf(left.schema(), c)));
        }
        Dataset<Row> l = hashes(left, cols, numeric, "l");
        Dataset<Row> r = hashes(right, cols, numeric, "r");
        Dataset<Row> joined = l.join(r, l.col("l" + KEY).equalTo(r.col("r" + KEY)), "full_outer");
        Column bothPresent = col("l" + KEY).isNotNull().and(col("r" + KEY).isNotNull());
        List<Column> aggs = new ArrayList<>();
        aggs.add(sum(when(col("r" + KEY).isNull(), 1).otherwise(0)).as("left_only"));
        aggs.add(sum(when(col("l" + KEY).isNull(), 1).otherwise(0)).as("right_only"));
        aggs.add(sum(when(bothPresent, 1).otherwise(0)).as("rows_both"));
        Column anyDiff = lit(false);
        for (int i = 0; i < cols.size(); i++) {
            Column differs = bothPresent.and(col("l_h" + i).notEqual(col("r_h" + i)));
            aggs.add(sum(when(differs, 1).otherwise(0)).as("c" + i));
            anyDiff = anyDiff.or(differs);
            if (numeric.get(i)) {
                aggs.addAll(numericAggregates(i, differs));
            }
        }
        aggs.add(sum(when(anyDiff, 1).otherwise(0)).as("changed"));
        Row a = joined.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, NumericDiff> differences = new LinkedHashMap<>();
        for (int i = 0; i < cols.size(); i++) {
            long n = a.getLong(a.fieldIndex("c" + i));
            if (n > 0) {
                counts.put(cols.get(i), n);
            }
            if (numeric.get(i)) {
                differences.put(cols.get(i), new NumericDiff(a.getDouble(a.fieldIndex("abs" + i)),
                        a.getDouble(a.fieldIndex("rel" + i)), a.getLong(a.fieldIndex("inc" + i))));
            }
        }
        Column differing = col("r" + KEY).isNull().or(col("l" + KEY).isNull()).or(anyDiff);
        List<String> samples = joined.where(differing).select(coalesce(col("l" + KEY), col("r" + KEY)).as("id"))
                .orderBy("id").limit(SAMPLES).collectAsList().stream().map(row -> row.getString(0)).toList();
        return new KeyedDiff("meta.id", a.getLong(0), a.getLong(1), a.getLong(a.fieldIndex("changed")), counts,
                samples, a.getLong(2), differences);
    }

    /**
     * The largest absolute and relative difference among the key-matched rows whose values differ (0 when none
     * does), and how many of them have no finite difference (a null, NaN or infinity on one side).
     */
    private static List<Column> numericAggregates(int i, Column differs) {
        Column lv = col("l_v" + i);
        Column rv = col("r_v" + i);
        Column d = abs(lv.minus(rv)).cast(DataTypes.DoubleType);
        Column finite = d.isNotNull().and(not(isnan(d))).and(d.notEqual(lit(Double.POSITIVE_INFINITY)));
        Column magnitude = greatest(abs(lv.cast(DataTypes.DoubleType)), abs(rv.cast(DataTypes.DoubleType)));
        Column rel = when(d.equalTo(0), lit(0.0)).otherwise(d.divide(magnitude));
        Column comparable = differs.and(finite);
        return List.of(
                coalesce(max(when(comparable, d)), lit(0.0)).as("abs" + i),
                coalesce(max(when(comparable, rel)), lit(0.0)).as("rel" + i),
                sum(when(differs.and(not(finite)), 1).otherwise(0)).cast(DataTypes.LongType).as("inc" + i));
    }

    private static Dataset<Row> hashes(Dataset<Row> ds, List<String> cols, List<Boolean> numeric, String side) {
        List<Column> select = new ArrayList<>();
        select.add(col("meta.id").as(side + KEY));
        for (int i = 0; i < cols.size(); i++) {
            Column c = col("`" + cols.get(i) + "`");
            select.add(functions.xxhash64(c).as(side + "_h" + i));
            if (numeric.get(i)) {
                select.add(exact(c, typeOf(ds.schema(), cols.get(i))).as(side + "_v" + i));
            }
        }
        return ds.where(col("meta.id").isNotNull()).select(select.toArray(Column[]::new));
    }

    /**
     * A numeric value whose difference is exact where it can be: integers as DECIMAL(20, 0) (a BIGINT difference
     * neither overflows nor rounds), decimals as they are unless their difference could overflow (precision 38),
     * floating point and those decimals as DOUBLE.
     */
    private static Column exact(Column c, DataType type) {
        if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
                || type instanceof LongType) {
            return c.cast(DataTypes.createDecimalType(20, 0));
        }
        return type instanceof DecimalType d && d.precision() < DecimalType.MAX_PRECISION() ? c
                : c.cast(DataTypes.DoubleType);
    }

    private static boolean isNumeric(DataType type) {
        return type instanceof org.apache.spark.sql.types.NumericType;
    }

    private static DataType typeOf(StructType schema, String column) {
        for (StructField f : schema.fields()) {
            if (f.name().equalsIgnoreCase(column)) {
                return f.dataType();
            }
        }
        throw new IllegalArgumentException("no column " + column + " in " + schema.simpleString());
    }
}
