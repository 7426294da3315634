package dev.cutover.worker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Converts a materialized JSON Schema (no {@code $ref}/{@code allOf} left) into an explicit Spark schema,
 * the way Refine does:
 * <ul>
 *   <li>{@code integer} -> bigint, {@code number} -> double, {@code boolean} -> boolean, {@code string}
 *       (any format, {@code date-time} included) -> string;</li>
 *   <li>{@code array} -> array of the converted {@code items};</li>
 *   <li>{@code object} whose {@code additionalProperties} is a schema -> {@code map<string, V>} (also when it
 *       lists some {@code properties}: they are just well-known keys of the map, e.g. {@code rev_slots.main});</li>
 *   <li>{@code object} with {@code properties} -> struct, fields in schema order;</li>
 *   <li>{@code object} with neither -> {@code map<string,string>} (the peer refuses such a schema);</li>
 *   <li>a property's {@code description} -> the comment of its field, at every level (top-level, nested,
 *       array elements, map values), as the peer's converter does; every field is nullable, {@code required}
 *       or not (the peer makes its Hive schemas nullable too).</li>
 * </ul>
 * Two views are produced: the <em>read</em> schema keeps JSON field names exactly (the JSON reader matches
 * by name), the <em>table</em> schema sanitizes every field name as the peer's normalisation does (a character
 * outside {@code [A-Za-z0-9_]}, or a first character that is not a letter or {@code _}, becomes {@code _}:
 * {@code $schema} -> {@code _schema}) because Hive cannot store them; case is kept here (the transforms see the
 * JSON names) and top-level names are lower-cased when the table schema is shaped ({@link TableShape}). Positions
 * are identical, so a struct cast maps one onto the other.
 */
public final class JsonSchemaConverter {

    private JsonSchemaConverter() {
    }

    /** The schema the JSON reader uses: JSON names kept. */
    public static StructType readSchema(JsonNode schema, String origin) {
        DataType type = convert(schema, origin, "", false);
        if (!(type instanceof StructType struct)) {
            throw new IllegalArgumentException(origin + ": the root of an event schema must be an object with"
                    + " properties; got " + type.simpleString());
        }
        return struct;
    }

    /** The schema of the Hive table: the same types, sanitized names. */
    public static StructType tableSchema(JsonNode schema, String origin) {
        return (StructType) sanitize(readSchema(schema, origin));
    }

    /** Sanitizes every field name of {@code type}, recursively. */
    public static DataType sanitize(DataType type) {
        if (type instanceof StructType struct) {
            List<StructField> fields = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (StructField f : struct.fields()) {
                String name = sanitizeName(f.name());
                if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("field names collide after sanitizing: '" + f.name()
                            + "' becomes '" + name + "', which another field already uses");
                }
                fields.add(new StructField(name, sanitize(f.dataType()), true, f.metadata()));
            }
            return new StructType(fields.toArray(StructField[]::new));
        }
        if (type instanceof ArrayType array) {
            return DataTypes.createArrayType(sanitize(array.elementType()), true);
        }
        if (type instanceof MapType map) {
            return DataTypes.createMapType(map.keyType(), sanitize(map.valueType()), true);
        }
        return type;
    }

    public static String sanitizeName(String name) {
        String cleaned = name.replaceAll("^[^A-Za-z_]|[^A-Za-z0-9_]", "_");
        return cleaned.isEmpty() ? "_" : cleaned;
    }

    private static DataType convert(JsonNode node, String origin, String path, boolean inArray) {
        String type = typeOf(node, origin, path);
        return switch (type) {
            case "integer" -> DataTypes.LongType;
            case "number" -> DataTypes.DoubleType;
            case "boolean" -> DataTypes.BooleanType;
            case "string" -> DataTypes.StringType;
            case "array" -> {
                JsonNode items = node.get("items");
                if (items == null || !items.isObject()) {
                    throw new IllegalArgumentException(origin + ": array at '" + path + "' has no 'items' schema");
                }
                yield DataTypes.createArrayType(convert(items, origin, path + "[]", true), true);
            }
            case "object" -> convertObject(node, origin, path);
            default -> throw new IllegalArgumentException(origin + ": unsupported JSON Schema type '" + type
                    + "' at '" + (path.isEmpty() ? "/" : path) + "'");
        };
    }

    private static DataType convertObject(JsonNode node, String origin, String path) {
        JsonNode additional = node.get("additionalProperties");
        if (additional != null && additional.isObject()) {
            return DataTypes.createMapType(DataTypes.StringType, convert(additional, origin, path + "{}", false), true);
        }
        JsonNode properties = node.get("properties");
        if (properties == null || !properties.isObject() || properties.isEmpty()) {
            return DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true);
        }
        List<StructField> fields = new ArrayList<>();
        properties.fields().forEachRemaining(e -> {
            StructField field = DataTypes.createStructField(e.getKey(),
                    convert(e.getValue(), origin, path + "/" + e.getKey(), false), true);
            JsonNode description = e.getValue().get("description");
            fields.add(description != null && !description.isNull() ? field.withComment(description.asText()) : field);
        });
        return new StructType(fields.toArray(StructField[]::new));
    }

    private static String typeOf(JsonNode node, String origin, String path) {
        JsonNode type = node.get("type");
        if (type != null && type.isTextual()) {
            return type.textValue();
        }
        if (type != null && type.isArray()) {
            // ["string", "null"]: the nullable form; every Spark field is nullable anyway.
            for (JsonNode t : type) {
                if (t.isTextual() && !"null".equals(t.textValue())) {
                    return t.textValue();
                }
            }
        }
        if (node.has("properties")) {
            return "object";
        }
        throw new IllegalArgumentException(origin + ": no usable 'type' at '" + (path.isEmpty() ? "/" : path)
                + "'; the schema must be materialized (no $ref/allOf) with a type on every field");
    }
}
