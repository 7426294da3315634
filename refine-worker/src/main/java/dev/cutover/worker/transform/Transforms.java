package dev.cutover.worker.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.cutover.worker.transform.geo.GeocodeIp;
import dev.cutover.worker.transform.host.HostTransforms;
import dev.cutover.worker.transform.host.NoValue;
import dev.cutover.worker.transform.useragent.ParseUserAgent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The transform library, by name. Every transform is pure and tolerates a dataset that lacks the
 * columns it works on (a filter then returns the input unchanged; {@code add_normalized_host} and
 * {@code add_is_wmf_domain} add their column with NULL values, as the peer does), so one list can serve every
 * stream; an entry's {@code @scope} ({@link TransformSpec}) selects the streams it applies to.
 * <ul>
 *   <li>{@code remove_canary_events}: drops rows with {@code meta.domain = 'canary'};</li>
 *   <li>{@code deduplicate[(dt_as_timestamp)]} (also {@code deduplicate_eventlogging},
 *       {@code deduplicate_eventbus}): one row per {@code meta.id}, else {@code uuid}, as the peer does it
 *       ({@link Deduplicate});</li>
 *   <li>host transforms ({@link HostTransforms}, the peer's rules; host = the first non-null of {@code meta.domain}
 *       and {@code webHost}):
 *       <ul>
 *         <li>{@code filter_allowed_domains[(regex)]} (alias {@code eventlogging_filter_is_allowed_hostname}): keeps
 *             rows whose host is null, empty, contains {@code translate.google} or is a Wikimedia host
 *             ({@link dev.cutover.worker.transform.host.WmfDomains}); a regex argument replaces that rule;</li>
 *         <li>{@code add_normalized_host[(null_for_unknown)]}: adds the {@code normalized_host} struct (project_class,
 *             project, qualifiers, tld, project_family) of
 *             {@link dev.cutover.worker.transform.host.NormalizedHost};</li>
 *         <li>{@code add_is_wmf_domain[(null_for_unknown)]}: adds the boolean {@code is_wmf_domain};</li>
 *         <li>{@code null_for_unknown} ({@link NoValue}) writes NULL where the peer writes {@code "-"} (or
 *             {@code false} for a missing host);</li>
 *       </ul></li>
 *   <li>{@code drop_columns(a.b, c)}: removes top-level columns or nested struct fields;</li>
 *   <li>{@code parse_user_agent}: {@link ParseUserAgent};</li>
 *   <li>{@code geocode_ip[(FILE)]}: {@link GeocodeIp}.</li>
 * </ul>
 */
public final class Transforms {

    public static final List<String> NAMES =
            List.of("remove_canary_events", "deduplicate", "filter_allowed_domains", "add_normalized_host", "drop_columns",
                    "add_is_wmf_domain", "eventlogging_filter_is_allowed_hostname", ParseUserAgent.NAME, GeocodeIp.NAME);

    private Transforms() {
    }

    /** The transform called {@code name} with {@code args}; fails naming the known transforms. */
    public static Transform byName(String name, List<String> args) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "remove_canary_events" -> noArgs(name, args, Transforms::removeCanaryEvents);
            case "deduplicate", "deduplicate_eventlogging", "deduplicate_eventbus" -> Deduplicate.transform(name, args);
            case "filter_allowed_domains", "eventlogging_filter_is_allowed_hostname" ->
                    HostTransforms.filterAllowedDomains(name, args);
            case "add_normalized_host" -> HostTransforms.addNormalizedHost(args);
            case "add_is_wmf_domain" -> HostTransforms.addIsWmfDomain(args);
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

    /** {@code deduplicate} without options: see {@link Deduplicate}. */
    public static Dataset<Row> deduplicate(Dataset<Row> ds) {
        return Deduplicate.apply(ds, false);
    }

    /** {@code add_normalized_host} with the peer's conventions ({@link HostTransforms#addNormalizedHost}). */
    public static Dataset<Row> addNormalizedHost(Dataset<Row> ds) {
        return HostTransforms.addNormalizedHost(ds, NoValue.PLACEHOLDER);
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
