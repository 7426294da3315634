package dev.cutover.worker.transform;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The fields a transform reads and replaces, found in the schema rather than by trying to resolve them. A path is
 * dotted through structs and its last step may be a key of a {@code map<string, string>}
 * ({@code http.request_headers.user-agent}); names match ignoring case, as Spark resolves them.
 */
public final class SourceFields {

    private SourceFields() {
    }

    /** The string at {@code path}, if the schema has it (a struct field or a map entry). */
    public static Optional<Column> string(StructType schema, String path) {
        DataType type = schema;
        Column column = null;
        for (String part : path.split("\\.")) {
            if (type instanceof StructType struct) {
                Optional<StructField> field = field(struct, part);
                if (field.isEmpty()) {
                    return Optional.empty();
                }
                String name = field.get().name();
                column = column == null ? col("`" + name + "`") : column.getField(name);
                type = field.get().dataType();
            } else if (type instanceof MapType map && map.keyType() instanceof StringType && column != null) {
                column = column.getItem(part);
                type = map.valueType();
            } else {
                return Optional.empty();
            }
        }
        return type instanceof StringType ? Optional.ofNullable(column) : Optional.empty();
    }

    /**
     * The first non-null value of the {@code paths} the schema has, in that order (one column, or their
     * {@code coalesce}); empty when it has none of them.
     */
    public static Optional<Column> firstString(StructType schema, List<String> paths) {
        List<Column> found = new ArrayList<>();
        paths.forEach(p -> string(schema, p).ifPresent(found::add));
        if (found.size() <= 1) {
            return found.stream().findFirst();
        }
        return Optional.of(functions.coalesce(found.toArray(Column[]::new)));
    }

    /** The top-level field called {@code name}, ignoring case. */
    public static Optional<StructField> field(StructType schema, String name) {
        return Arrays.stream(schema.fields()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * Every column of {@code ds} but {@code name} (ignoring case), followed by {@code value} as {@code name}: how the
     * peer's transforms set the columns they compute, replacing any earlier one and moving it last.
     */
    public static Dataset<Row> setLast(Dataset<Row> ds, String name, Column value) {
        List<Column> columns = new ArrayList<>();
        for (String c : ds.columns()) {
            if (!c.equalsIgnoreCase(name)) {
                columns.add(col("`" + c + "`"));
            }
        }
        columns.add(value.as(name));
        return ds.select(columns.toArray(Column[]::new));
    }
}
