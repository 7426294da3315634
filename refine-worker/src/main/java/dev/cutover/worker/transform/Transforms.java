package dev.cutover.worker.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import dev.cutover.worker.transform.geo.GeocodeIp;
import dev.cutover.worker.transform.useragent.ParseUserAgent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The transform library, by name. Every transform is pure and tolerates a dataset that lacks the
 * columns it works on (it then returns the input unchanged), so one list can serve every stream.
 * <ul>
 *   <li>{@code remove_canary_events}: drops rows with {@code meta.domain = 'canary'};</li>
 *   <li>{@code deduplicate}: one row per {@code meta.id}, keeping the latest {@code meta.dt} (compared as
 *       timestamps; unparseable last), then the greatest {@code meta.uri}, then the greatest hash of the
 *       whole row (deterministic whatever the input order); rows without an id are all kept;</li>
 *   <li>{@code filter_allowed_domains[(regex)]}: keeps rows whose {@code meta.domain} matches the regex
 *       (default: Wikimedia project domains and {@code canary}); rows without a domain are kept;</li>
 *   <li>{@code add_normalized_host}: adds {@code normalized_host} struct (project_class, project,
 *       qualifiers, tld, project_family) parsed from {@code meta.domain} (or {@code webHost});</li>
 *   <li>{@code drop_columns(a.b, c)}: removes top-level columns or nested struct fields;</li>
 *   <li>{@code parse_user_agent}: {@link ParseUserAgent};</li>
 *   <li>{@code geocode_ip[(FILE)]}: {@link GeocodeIp}.</li>
 * </ul>
 */
public final class Transforms {

    public static final String DEFAULT_ALLOWED_DOMAINS = "^(canary|([a-z0-9-]+\\.)*(wikipedia|wikimedia|wiktionary"
            + "|wikibooks|wikinews|wikiquote|wikisource|wikiversity|wikivoyage|mediawiki|wikidata|wikifunctions"
            + "|wmflabs|wmcloud)\\.org)$";
    public static final List<String> NAMES =
            List.of("remove_canary_events", "deduplicate", "filter_allowed_domains", "add_normalized_host", "drop_columns",
                    ParseUserAgent.NAME, GeocodeIp.NAME);

    private Transforms() {
    }

    /** The transform called {@code name} with {@code args}; fails naming the known transforms. */
    public static Transform byName(String name, List<String> args) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "remove_canary_events" -> noArgs(name, args, Transforms::removeCanaryEvents);
            case "deduplicate" -> noArgs(name, args, Transforms::deduplicate);
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
            case ParseUserAgent.NAME -> noArgs(name, args, ParseUserAgent::apply);
            case GeocodeIp.NAME -> GeocodeIp.fromArgs(args);
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

    /**
     * One row per {@code meta.id}, the same whatever the input order: the latest {@code meta.dt} as a
     * timestamp (an unparseable or missing one sorts last; a string comparison would put
     * {@code ...:01.5Z} before {@code ...:01Z}), then the greatest {@code meta.uri}, then the greatest
     * hash of the whole row (rows still tied are identical up to a hash collision).
     */
    public static Dataset<Row> deduplicate(Dataset<Row> ds) {
        if (!hasPath(ds.schema(), "meta.id")) {
            return ds;
        }
        List<Column> order = new java.util.ArrayList<>();
        if (hasPath(ds.schema(), "meta.dt")) {
            Column dt = col("meta.dt");
            boolean text = fieldType(ds.schema(), "meta.dt") instanceof StringType;
            order.add((text ? functions.try_to_timestamp(dt) : dt).desc_nulls_last());
        }
        if (hasPath(ds.schema(), "meta.uri")) {
            order.add(col("meta.uri").desc_nulls_last());
        }
        // The column order is the dataset's, fixed by the schema. Hashing maps needs
        // spark.sql.legacy.allowHashOnMapType, which the worker's session always sets (SparkSettings); it is
        // far cheaper than hashing each row's to_json.
        Column[] all = Arrays.stream(ds.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
        order.add(functions.xxhash64(all).desc());
        String rank = "__cutover_rank";
        Dataset<Row> ranked = ds.withColumn(rank, when(col("meta.id").isNull(), lit(1))
                .otherwise(row_number().over(Window.partitionBy(col("meta.id")).orderBy(order.toArray(Column[]::new)))));
        return ranked.where(col(rank).equalTo(1)).drop(rank);
    }

    private static DataType fieldType(StructType schema, String dotted) {
        DataType current = schema;
        for (String part : dotted.split("\\.")) {
            current = ((StructType) current).apply(part).dataType();
        }
        return current;
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
