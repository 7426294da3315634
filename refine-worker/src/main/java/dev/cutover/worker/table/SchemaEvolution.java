package dev.cutover.worker.table;

import dev.cutover.protocol.EvolvePlan.Change;
import dev.cutover.protocol.EvolvePlan.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The pure part of schema evolution: what differs between a table's data schema and the schema a job
 * now produces ({@link Change}s of the protocol's {@link dev.cutover.protocol.EvolvePlan}, the dry run the
 * controller's preflight reads), and the merged schema the table would get.
 * <ul>
 *   <li>{@code ADD_COLUMN} (expected, applied): a new top-level column, appended after the existing ones; several
 *       new columns are appended in name order, as the peer's {@code ALTER TABLE ... ADD COLUMNS} adds them;</li>
 *   <li>{@code ADD_NESTED_FIELD} (expected, applied): a new field inside a struct, appended to it. Hive's
 *       {@code ALTER TABLE ... ADD COLUMNS} cannot do that and Spark refuses {@code CHANGE COLUMN} on a
 *       struct, so it is applied by replacing the table's data schema through the metastore (the same
 *       data and partitions, no rewrite). Old files simply read the new field as null. The metastore must
 *       allow it: the embedded one is started with
 *       {@code hive.metastore.disallow.incompatible.col.type.changes=false}; a remote metastore needs the
 *       same setting, otherwise the evolution fails with the metastore's message and nothing changes;</li>
 *   <li>{@code WIDEN_TYPE} (unexpected, applied): int -> bigint, float -> double, int/bigint/float ->
 *       double;</li>
 *   <li>{@code CHANGE_TYPE} (unexpected, never applied: refining fails for that hour);</li>
 *   <li>{@code MISSING_FIELD} (unexpected, never applied: nothing is ever dropped; rows get null).</li>
 * </ul>
 * Names are matched case-insensitively at every level and the table keeps its own spelling and comments: a
 * field it already has never gets the new schema's comment; an added field comes with its own.
 */
public final class SchemaEvolution {

    private SchemaEvolution() {
    }

    /** Every difference between the table ({@code current}) and what the job produces ({@code wanted}). */
    public static List<Change> diff(StructType current, StructType wanted) {
        List<Change> changes = new ArrayList<>();
        diffStruct("", current, wanted, changes);
        return changes;
    }

    /** The schema the table gets: current fields (widened where allowed) plus every added field. */
    public static StructType merge(StructType current, StructType wanted) {
        return mergeStruct(current, wanted, true);
    }

    public static boolean isWidening(DataType from, DataType to) {
        if (from.equals(to)) {
            return true;
        }
        if (from.equals(DataTypes.IntegerType) || from.equals(DataTypes.ShortType) || from.equals(DataTypes.ByteType)) {
            return to.equals(DataTypes.LongType) || to.equals(DataTypes.DoubleType) || to.equals(DataTypes.IntegerType);
        }
        if (from.equals(DataTypes.LongType) || from.equals(DataTypes.FloatType)) {
            return to.equals(DataTypes.DoubleType);
        }
        return false;
    }

    private static void diffStruct(String prefix, StructType current, StructType wanted, List<Change> changes) {
        Map<String, StructField> have = byName(current);
        Map<String, StructField> want = byName(wanted);
        for (StructField w : wanted.fields()) {
            StructField h = have.get(w.name().toLowerCase(Locale.ROOT));
            String path = prefix + w.name();
            if (h == null) {
                changes.add(new Change(path, prefix.isEmpty() ? Kind.ADD_COLUMN : Kind.ADD_NESTED_FIELD, null,
                        w.dataType().sql()));
            } else {
                diffType(path, h.dataType(), w.dataType(), changes);
            }
        }
        for (StructField h : current.fields()) {
            if (!want.containsKey(h.name().toLowerCase(Locale.ROOT))) {
                changes.add(new Change(prefix + h.name(), Kind.MISSING_FIELD, h.dataType().sql(), null));
            }
        }
    }

    private static void diffType(String path, DataType have, DataType want, List<Change> changes) {
        if (have.equals(want)) {
            return;
        }
        if (have instanceof StructType hs && want instanceof StructType ws) {
            diffStruct(path + ".", hs, ws, changes);
        } else if (have instanceof ArrayType ha && want instanceof ArrayType wa) {
            diffType(path + "[]", ha.elementType(), wa.elementType(), changes);
        } else if (have instanceof MapType hm && want instanceof MapType wm && hm.keyType().equals(wm.keyType())) {
            diffType(path + "{}", hm.valueType(), wm.valueType(), changes);
        } else if (isWidening(have, want)) {
            changes.add(new Change(path, Kind.WIDEN_TYPE, have.sql(), want.sql()));
        } else {
            changes.add(new Change(path, Kind.CHANGE_TYPE, have.sql(), want.sql()));
        }
    }

    private static DataType mergeType(DataType have, DataType want) {
        if (have.equals(want)) {
            return have;
        }
        if (have instanceof StructType hs && want instanceof StructType ws) {
            return mergeStruct(hs, ws, false);
        }
        if (have instanceof ArrayType ha && want instanceof ArrayType wa) {
            return DataTypes.createArrayType(mergeType(ha.elementType(), wa.elementType()), true);
        }
        if (have instanceof MapType hm && want instanceof MapType wm && hm.keyType().equals(wm.keyType())) {
            return DataTypes.createMapType(hm.keyType(), mergeType(hm.valueType(), wm.valueType()), true);
        }
        return isWidening(have, want) ? want : have;
    }

    /** {@code have} plus the fields only {@code want} has, appended in its order or ({@code sortAdded}) by name. */
    private static StructType mergeStruct(StructType have, StructType want, boolean sortAdded) {
        Map<String, StructField> wantByName = byName(want);
        Map<String, StructField> haveByName = byName(have);
        List<StructField> fields = new ArrayList<>();
        for (StructField h : have.fields()) {
            StructField w = wantByName.get(h.name().toLowerCase(Locale.ROOT));
            fields.add(w == null ? h : new StructField(h.name(), mergeType(h.dataType(), w.dataType()), true, h.metadata()));
        }
        List<StructField> added = new ArrayList<>();
        for (StructField w : want.fields()) {
            if (!haveByName.containsKey(w.name().toLowerCase(Locale.ROOT))) {
                added.add(w);
            }
        }
        if (sortAdded) {
            added.sort(java.util.Comparator.comparing(StructField::name));
        }
        fields.addAll(added);
        return new StructType(fields.toArray(StructField[]::new));
    }

    private static Map<String, StructField> byName(StructType struct) {
        Map<String, StructField> map = new LinkedHashMap<>();
        for (StructField f : struct.fields()) {
            map.put(f.name().toLowerCase(Locale.ROOT), f);
        }
        return map;
    }
}
