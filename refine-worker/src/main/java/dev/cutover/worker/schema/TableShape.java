package dev.cutover.worker.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How the schema a job's transforms produce becomes the schema of its Hive table, as Wikimedia's Refine makes it:
 * <ul>
 *   <li>top-level column names are lower-cased (the peer's {@code normalizeFieldNamesAndWidenTypes}, its last
 *       transform); names inside structs keep their case. The transforms themselves still see the JSON names
 *       ({@code webHost}), as the peer's do;</li>
 *   <li>JSON Schema {@code description}s become the comments of the fields inside structs (also inside array
 *       elements and map values), taken from the converted stream schema by path, case-insensitively; a field the
 *       schema does not describe (added by a transform) keeps whatever comment it has;</li>
 *   <li>top-level columns get no comment: the peer's Hive table creation leaves them out ("root comments are not
 *       preserved ... for legacy reasons") and its {@code ADD COLUMNS} too. With {@link #topLevelComments} (the
 *       per-stream table option {@value #TOP_LEVEL_COMMENTS}) they carry their descriptions as well, cut to
 *       {@value #MAX_COLUMN_COMMENT} characters: the Hive metastore keeps a column's comment in a
 *       {@code VARCHAR(256)} ({@code COLUMNS_V2.COMMENT}) and refuses to create the table with a longer one (nested
 *       comments are part of the column's type, which has no such limit).</li>
 * </ul>
 * An existing table keeps its names and comments: {@code dev.cutover.worker.table.SchemaEvolution} matches names
 * case-insensitively and never changes the comment of a field it already has.
 */
public record TableShape(boolean topLevelComments) {

    /** The table option (an entry of a job's transform list) that keeps top-level comments. */
    public static final String TOP_LEVEL_COMMENTS = "top_level_comments";
    /** Every table option a transform list may name. */
    public static final List<String> OPTIONS = List.of(TOP_LEVEL_COMMENTS);
    /** The peer's shape: top-level comments left out. */
    public static final TableShape PEER = new TableShape(false);

    /** The longest comment the Hive metastore stores for a (top-level) column. */
    public static final int MAX_COLUMN_COMMENT = 256;

    private static final String COMMENT = "comment";

    /**
     * The table schema for {@code output} (what the transforms produce, partition columns excluded), with the
     * comments of {@code described} (the converted stream schema). Fails when two top-level columns differ only in
     * case, naming both.
     */
    public StructType apply(StructType output, StructType described) {
        Map<String, StructField> descriptions = byLowerName(described);
        Map<String, String> seen = new HashMap<>();
        List<StructField> fields = new ArrayList<>();
        for (StructField f : output.fields()) {
            String name = f.name().toLowerCase(Locale.ROOT);
            String other = seen.putIfAbsent(name, f.name());
            if (other != null) {
                throw new IllegalArgumentException("columns '" + other + "' and '" + f.name() + "' both become '" + name
                        + "' in the table (top-level names are lower-cased); rename or drop one with a transform,"
                        + " e.g. drop_columns(" + f.name() + ")");
            }
            Optional<StructField> d = Optional.ofNullable(descriptions.get(name));
            DataType type = annotate(f.dataType(), d.map(StructField::dataType).orElse(null));
            Metadata metadata = topLevelComments
                    ? withComment(f.metadata(), d.flatMap(TableShape::comment).map(TableShape::columnComment))
                    : withoutComment(f.metadata());
            fields.add(new StructField(name, type, true, metadata));
        }
        return new StructType(fields.toArray(StructField[]::new));
    }

    /** {@code type} with every metadata (comments) removed, recursively: what the data looks like. */
    public static DataType withoutMetadata(DataType type) {
        if (type instanceof StructType struct) {
            return new StructType(Arrays.stream(struct.fields()).map(f -> new StructField(f.name(),
                    withoutMetadata(f.dataType()), f.nullable(), Metadata.empty())).toArray(StructField[]::new));
        }
        if (type instanceof ArrayType array) {
            return DataTypes.createArrayType(withoutMetadata(array.elementType()), array.containsNull());
        }
        if (type instanceof MapType map) {
            return DataTypes.createMapType(withoutMetadata(map.keyType()), withoutMetadata(map.valueType()),
                    map.valueContainsNull());
        }
        return type;
    }

    /** The comment of {@code field}, if it has one. */
    public static Optional<String> comment(StructField field) {
        return field.metadata().contains(COMMENT) ? Optional.of(field.metadata().getString(COMMENT)) : Optional.empty();
    }

    /** {@code comment} as a top-level column can keep it: cut to {@link #MAX_COLUMN_COMMENT} characters, "..." last. */
    static String columnComment(String comment) {
        if (comment.length() <= MAX_COLUMN_COMMENT) {
            return comment;
        }
        int end = MAX_COLUMN_COMMENT - 3;
        if (Character.isLowSurrogate(comment.charAt(end))) {
            end--;
        }
        return comment.substring(0, end) + "...";
    }

    /** Nested fields of {@code type} commented from {@code described} (null: nothing known). */
    private static DataType annotate(DataType type, DataType described) {
        if (type instanceof StructType struct) {
            Map<String, StructField> d = described instanceof StructType ds ? byLowerName(ds) : Map.of();
            List<StructField> fields = new ArrayList<>();
            for (StructField f : struct.fields()) {
                Optional<StructField> df = Optional.ofNullable(d.get(f.name().toLowerCase(Locale.ROOT)));
                Metadata metadata = df.flatMap(TableShape::comment).map(c -> withComment(f.metadata(), Optional.of(c)))
                        .orElse(f.metadata());
                fields.add(new StructField(f.name(), annotate(f.dataType(), df.map(StructField::dataType).orElse(null)),
                        f.nullable(), metadata));
            }
            return new StructType(fields.toArray(StructField[]::new));
        }
        if (type instanceof ArrayType array) {
            return DataTypes.createArrayType(annotate(array.elementType(),
                    described instanceof ArrayType da ? da.elementType() : null), array.containsNull());
        }
        if (type instanceof MapType map) {
            return DataTypes.createMapType(map.keyType(), annotate(map.valueType(),
                    described instanceof MapType dm ? dm.valueType() : null), map.valueContainsNull());
        }
        return type;
    }

    private static Map<String, StructField> byLowerName(StructType struct) {
        Map<String, StructField> map = new HashMap<>();
        for (StructField f : struct.fields()) {
            map.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f);
        }
        return map;
    }

    private static Metadata withComment(Metadata metadata, Optional<String> comment) {
        Metadata without = withoutComment(metadata);
        return comment.map(c -> new MetadataBuilder().withMetadata(without).putString(COMMENT, c).build()).orElse(without);
    }

    private static Metadata withoutComment(Metadata metadata) {
        return metadata.contains(COMMENT) ? new MetadataBuilder().withMetadata(metadata).remove(COMMENT).build() : metadata;
    }
}
