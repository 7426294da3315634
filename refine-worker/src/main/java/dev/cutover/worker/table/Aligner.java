package dev.cutover.worker.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Shapes a dataset exactly like a table's data schema before it is written: columns in table order,
 * missing columns and nested fields as null, widened types cast. A narrowing or unrelated type change is
 * refused with a message naming the column (the table is never changed that way).
 */
public final class Aligner {

    private Aligner() {
    }

    /** {@code data} shaped as {@code target}, plus the {@code extra} columns (partition columns) kept as they are. */
    public static Dataset<Row> align(Dataset<Row> data, StructType target, List<String> extra) {
        Map<String, StructField> have = new LinkedHashMap<>();
        for (StructField f : data.schema().fields()) {
            have.put(f.name().toLowerCase(Locale.ROOT), f);
        }
        List<Column> columns = new ArrayList<>();
        for (StructField t : target.fields()) {
            StructField h = have.get(t.name().toLowerCase(Locale.ROOT));
            Column c = h == null ? lit(null).cast(t.dataType())
                    : convert(col("`" + h.name() + "`"), h.dataType(), t.dataType(), t.name());
            columns.add(c.as(t.name()));
        }
        for (String e : extra) {
            columns.add(col("`" + e + "`"));
        }
        return data.select(columns.toArray(Column[]::new));
    }

    static Column convert(Column c, DataType from, DataType to, String path) {
        if (from.equals(to)) {
            return c;
        }
        if (from instanceof StructType fs && to instanceof StructType ts) {
            Map<String, StructField> have = new LinkedHashMap<>();
            for (StructField f : fs.fields()) {
                have.put(f.name().toLowerCase(Locale.ROOT), f);
            }
            List<Column> fields = new ArrayList<>();
            for (StructField t : ts.fields()) {
                StructField h = have.get(t.name().toLowerCase(Locale.ROOT));
                Column v = h == null ? lit(null).cast(t.dataType())
                        : convert(c.getField(h.name()), h.dataType(), t.dataType(), path + "." + t.name());
                fields.add(v.as(t.name()));
            }
            return when(c.isNull(), lit(null).cast(ts)).otherwise(functions.struct(fields.toArray(Column[]::new)));
        }
        if (from instanceof ArrayType fa && to instanceof ArrayType ta) {
            return functions.transform(c, x -> convert(x, fa.elementType(), ta.elementType(), path + "[]"));
        }
        if (from instanceof MapType fm && to instanceof MapType tm && fm.keyType().equals(tm.keyType())) {
            return functions.transform_values(c, (k, v) -> convert(v, fm.valueType(), tm.valueType(), path + "{}"));
        }
        if (SchemaEvolution.isWidening(from, to)) {
            return c.cast(to);
        }
        throw new IllegalStateException("column '" + path + "' is " + from.sql() + " in the data but " + to.sql()
                + " in the table; only added columns and widening type changes are applied (run evolve --dry-run"
                + " to see the differences)");
    }
}
