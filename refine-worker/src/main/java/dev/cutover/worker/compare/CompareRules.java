package dev.cutover.worker.compare;

import dev.cutover.protocol.CompareDetail.SchemaDiff;
import dev.cutover.protocol.CompareDetail.TypeMismatch;
import dev.cutover.worker.schema.TableShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /**
     * Columns are matched as Hive matches them, by name case-insensitively ({@code webHost} in a table created
     * before top-level names were lower-cased is {@code webhost} in a newer one), and types are compared without
     * their comments; a column is named as the left side spells it.
     */
    static Columns columns(StructType left, StructType right) {
        Map<String, StructField> lt = byLowerName(left);
        Map<String, StructField> rt = byLowerName(right);
        List<String> onlyLeft = new ArrayList<>();
        List<TypeMismatch> mismatches = new ArrayList<>();
        List<String> common = new ArrayList<>();
        lt.forEach((key, l) -> {
            StructField r = rt.get(key);
            if (r == null) {
                onlyLeft.add(l.name());
            } else if (!TableShape.withoutMetadata(r.dataType()).equals(TableShape.withoutMetadata(l.dataType()))) {
                mismatches.add(new TypeMismatch(l.name(), l.dataType().sql(), r.dataType().sql()));
            } else {
                common.add(l.name());
            }
        });
        List<String> onlyRight = rt.entrySet().stream().filter(e -> !lt.containsKey(e.getKey()))
                .map(e -> e.getValue().name()).toList();
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

    private static Map<String, StructField> byLowerName(StructType schema) {
        Map<String, StructField> map = new LinkedHashMap<>();
        for (StructField f : schema.fields()) {
            map.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f);
        }
        return map;
    }
}
