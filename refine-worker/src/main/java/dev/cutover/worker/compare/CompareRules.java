package dev.cutover.worker.compare;

import dev.cutover.protocol.CompareDetail.SchemaDiff;
import dev.cutover.protocol.CompareDetail.TypeMismatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The pure rules of a comparison, no data read: the diff of the two sides' data columns, and the reasons a
 * scanned hour FAILs (an empty list is a PASS).
 */
final class CompareRules {

    private CompareRules() {
    }

    /**
     * The columns' diff, and the common columns (same name and type, in the left side's order) the checksums and
     * the keyed diff cover.
     */
    record Columns(SchemaDiff diff, List<String> common) {
        Columns {
            common = List.copyOf(common);
        }
    }

    static Columns columns(StructType left, StructType right) {
        Map<String, DataType> lt = types(left);
        Map<String, DataType> rt = types(right);
        List<String> onlyLeft = new ArrayList<>();
        List<TypeMismatch> mismatches = new ArrayList<>();
        List<String> common = new ArrayList<>();
        lt.forEach((name, type) -> {
            if (!rt.containsKey(name)) {
                onlyLeft.add(name);
            } else if (!rt.get(name).equals(type)) {
                mismatches.add(new TypeMismatch(name, type.sql(), rt.get(name).sql()));
            } else {
                common.add(name);
            }
        });
        List<String> onlyRight = rt.keySet().stream().filter(n -> !lt.containsKey(n)).toList();
        return new Columns(new SchemaDiff(onlyLeft, onlyRight, mismatches, common.size()), common);
    }

    /**
     * Why a scanned hour fails: every column on one side only or with different types (a job that silently drops a
     * column is what the canary must catch), different row counts, different checksums over the common columns.
     */
    static List<String> reasons(SchemaDiff schema, String left, String right, long leftRows, long rightRows,
                                boolean sameChecksum) {
        List<String> reasons = new ArrayList<>();
        schema.onlyLeft().forEach(c -> reasons.add("column " + c + " only in " + left));
        schema.onlyRight().forEach(c -> reasons.add("column " + c + " only in " + right));
        schema.typeMismatch().forEach(m -> reasons.add("column " + m.column() + " is " + m.left() + " in " + left
                + " but " + m.right() + " in " + right));
        if (leftRows != rightRows) {
            reasons.add("row counts differ: " + leftRows + " vs " + rightRows);
        }
        if (!sameChecksum) {
            reasons.add("content checksums over the common columns differ");
        }
        return reasons;
    }

    private static Map<String, DataType> types(StructType schema) {
        Map<String, DataType> map = new LinkedHashMap<>();
        for (StructField f : schema.fields()) {
            map.put(f.name(), f.dataType());
        }
        return map;
    }
}
