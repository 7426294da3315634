package dev.cutover.worker.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The transform library, by name. Every transform is pure and tolerates a dataset that lacks the
 * columns it works on (it then returns the input unchanged), so one list can serve every stream.
 * <ul>
 *   <li>{@code remove_canary_events}: drops rows with {@code meta.domain = 'canary'};</li>
 *   <li>{@code deduplicate[(dt_as_timestamp)]} (also {@code deduplicate_eventlogging},
 *       {@code deduplicate_eventbus}): one row per {@code meta.id}, else {@code uuid}, as the peer does it
 *       ({@link Deduplicate});</li>
 *   <li>{@code filter_allowed_domains[(regex)]}: keeps rows whose {@code meta.domain} matches the regex
 *       (default: Wikimedia project domains and {@code canary}); rows without a domain are kept;</li>
 *   <li>{@code add_normalized_host}: adds {@code normalized_host} struct (project_class, project,
 *       qualifiers, tld, project_family) parsed from {@code meta.domain} (or {@code webHost});</li>
 *   <li>{@code drop_columns(a.b, c)}: removes top-level columns or nested struct fields.</li>
 * </ul>
 */
public final class Transforms {

    public static final String DEFAULT_ALLOWED_DOMAINS = "^(canary|([a-z0-9-]+\\.)*(wikipedia|wikimedia|wiktionary"
            + "|wikibooks|wikinews|wikiquote|wikisource|wikiversity|wikivoyage|mediawiki|wikidata|wikifunctions"
            + "|wmflabs|wmcloud)\\.org)$";
    public static final List<String> NAMES =
            List.of("remove_canary_events", "deduplicate", "filter_allowed_domains", "add_normalized_host", "drop_columns");

    private Transforms() {
    }

    /** The transform called {@code name} with {@code args}; fails naming the known transforms. */
    public static Transform byName(String name, List<String> args) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "remove_canary_events" -> noArgs(name, args, Transforms::removeCanaryEvents);
            case "deduplicate", "deduplicate_eventlogging", "deduplicate_eventbus" -> Deduplicate.transform(name, args);
            case "filter_allowed_domains" -> {
                if (args.size() > 1) {
                    throw new IllegalArgumentException("filter_allowed_domains takes at most one argument (a regex)");
                }
                Pattern p = Pattern.compile(args.isEmpty() ? DEFAULT_ALLOWED_DOMAINS : args.get(0));
                yield ds -> filterAllowedDomains(ds, p.pattern());
            }
            case "add_normalized_host" -> noArgs(name, args, Transforms::addNormalizedHost);
            case "drop_columns" -> {
                if (args.isEmpty()) {
                    throw new IllegalArgumentException("drop_columns needs at least one column, e.g. drop_columns(meta.uri)");
                }
                yield ds -> dropColumns(ds, args);
            }
            default -> throw new IllegalArgumentException("unknown transform '" + name + "'; known: " + NAMES);
        };
    }

    private static Transform noArgs(String name, List<String> args, Transform t) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("transform " + name + " takes no arguments (got " + args + ")");
        }
        return t;
    }

    public static Dataset<Row> removeCanaryEvents(Dataset<Row> ds) {
        if (!hasPath(ds.schema(), "meta.domain")) {
            return ds;
        }
        return ds.where(col("meta.domain").isNull().or(col("meta.domain").notEqual(lit("canary"))));
    }

    /** {@code deduplicate} without options: see {@link Deduplicate}. */
    public static Dataset<Row> deduplicate(Dataset<Row> ds) {
        return Deduplicate.apply(ds, false);
    }

    public static Dataset<Row> filterAllowedDomains(Dataset<Row> ds, String regex) {
        if (!hasPath(ds.schema(), "meta.domain")) {
            return ds;
        }
        return ds.where(col("meta.domain").isNull().or(col("meta.domain").rlike(regex)));
    }

    public static Dataset<Row> addNormalizedHost(Dataset<Row> ds) {
        Column host;
        if (hasPath(ds.schema(), "meta.domain") && hasPath(ds.schema(), "webHost")) {
            host = functions.coalesce(col("meta.domain"), col("webHost"));
        } else if (hasPath(ds.schema(), "meta.domain")) {
            host = col("meta.domain");
        } else if (hasPath(ds.schema(), "webHost")) {
            host = col("webHost");
        } else {
            host = lit(null).cast("string");
        }
        Column labels = functions.split(functions.lower(functions.trim(host)), "\\.");
        Column n = functions.size(labels);
        Column tld = functions.element_at(labels, -1);
        Column family = when(n.geq(2), functions.element_at(labels, -2));
        Column project = when(n.geq(3), functions.element_at(labels, 1)).otherwise(family);
        Column qualifiers = when(n.gt(3), functions.slice(labels, lit(2), n.minus(3)))
                .otherwise(functions.array().cast("array<string>"));
        Column struct = functions.struct(family.as("project_class"), project.as("project"), qualifiers.as("qualifiers"),
                tld.as("tld"), family.as("project_family"));
        return ds.withColumn("normalized_host", when(host.isNull().or(host.equalTo("")), lit(null)).otherwise(struct));
    }

    public static Dataset<Row> dropColumns(Dataset<Row> ds, List<String> paths) {
        Dataset<Row> result = ds;
        for (String path : paths) {
            String p = path.trim();
            if (!hasPath(result.schema(), p)) {
                continue;
            }
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                result = result.drop(p);
            } else {
                String parent = p.substring(0, dot);
                String top = parent.contains(".") ? parent.substring(0, parent.indexOf('.')) : parent;
                String inner = p.substring(top.length() + 1);
                result = result.withColumn(top, col(top).dropFields(dev.cutover.worker.spark.Scala.seq(List.of(inner))));
            }
        }
        return result;
    }

    /** True when {@code dotted} names a field (through structs) of {@code schema}. */
    public static boolean hasPath(StructType schema, String dotted) {
        DataType current = schema;
        for (String part : dotted.split("\\.")) {
            if (!(current instanceof StructType struct)) {
                return false;
            }
            StructField field = Arrays.stream(struct.fields()).filter(f -> f.name().equals(part)).findFirst().orElse(null);
            if (field == null) {
                return false;
            }
            current = field.dataType() instanceof ArrayType ? null : field.dataType();
        }
        return true;
    }
}
