package dev.cutover.worker.transform.host;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import dev.cutover.worker.transform.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF0;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The host transforms of the peer's event Refine, on Spark: {@code add_normalized_host}, {@code add_is_wmf_domain},
 * {@code filter_allowed_domains} (alias {@code eventlogging_filter_is_allowed_hostname}).
 *
 * <p>Each reads the host from the first non-null of {@link #SOURCES} that the dataset has ({@code meta.domain} for
 * Event Platform events, {@code webHost} for legacy EventLogging ones), names resolved the way Spark resolves them
 * (case-insensitively unless {@code spark.sql.caseSensitive}). The rules themselves live in the pure
 * {@link NormalizedHost} and {@link WmfDomains}, called through Java UDFs: one implementation, unit-tested on every
 * case, rather than a second copy in SQL expressions (the split semantics — collapsed dots and slashes, a kept
 * leading empty label, ignored trailing ones — would be easy to get subtly different).
 */
public final class HostTransforms {

    public static final String NORMALIZED_HOST = "normalized_host";
    public static final String IS_WMF_DOMAIN = "is_wmf_domain";
    public static final List<String> SOURCES = List.of("meta.domain", "webHost");

    /** The peer's {@code normalized_host} struct: field names, order and types of its {@code get_host_properties}. */
    public static final StructType NORMALIZED_HOST_TYPE = DataTypes.createStructType(new StructField[]{
        DataTypes.createStructField("project_class", DataTypes.StringType, true),
        DataTypes.createStructField("project", DataTypes.StringType, true),
        DataTypes.createStructField("qualifiers", DataTypes.createArrayType(DataTypes.StringType, true), true),
        DataTypes.createStructField("tld", DataTypes.StringType, true),
        DataTypes.createStructField("project_family", DataTypes.StringType, true)});

    private static final UserDefinedFunction NORMALIZE_PLACEHOLDER = udf(
            (UDF1<String, Row>) host -> row(NormalizedHost.parse(host), NoValue.PLACEHOLDER), NORMALIZED_HOST_TYPE);
    private static final UserDefinedFunction NORMALIZE_NULL = udf(
            (UDF1<String, Row>) host -> row(NormalizedHost.parse(host), NoValue.NULL), NORMALIZED_HOST_TYPE);
    /** A struct of NULLs, nullable like the other results (a {@code struct(...)} expression never is). */
    private static final UserDefinedFunction NO_SOURCE = udf(
            (UDF0<Row>) () -> RowFactory.create(null, null, null, null, null), NORMALIZED_HOST_TYPE);
    private static final UserDefinedFunction IS_WMF_PLACEHOLDER = udf(
            (UDF1<String, Boolean>) host -> isWmfDomain(host, NoValue.PLACEHOLDER), DataTypes.BooleanType);
    private static final UserDefinedFunction IS_WMF_NULL = udf(
            (UDF1<String, Boolean>) host -> isWmfDomain(host, NoValue.NULL), DataTypes.BooleanType);
    private static final UserDefinedFunction IS_ALLOWED = udf(
            (UDF1<String, Boolean>) WmfDomains::isAllowed, DataTypes.BooleanType);

    private HostTransforms() {
    }

    /** {@code add_normalized_host[(null_for_unknown)]}. */
    public static Transform addNormalizedHost(List<String> args) {
        NoValue noValue = NoValue.fromArgs("add_normalized_host", args);
        return ds -> addNormalizedHost(ds, noValue);
    }

    /** {@code add_is_wmf_domain[(null_for_unknown)]}. */
    public static Transform addIsWmfDomain(List<String> args) {
        NoValue noValue = NoValue.fromArgs("add_is_wmf_domain", args);
        return ds -> addIsWmfDomain(ds, noValue);
    }

    /**
     * {@code filter_allowed_domains} (or its alias {@code name}): the peer's rule without an argument; with one, the
     * argument is a regex that replaces it (a row is kept when its domain is null, empty or contains a match).
     */
    public static Transform filterAllowedDomains(String name, List<String> args) {
        if (args.isEmpty()) {
            return HostTransforms::filterAllowedDomains;
        }
        if (args.size() > 1) {
            throw new IllegalArgumentException(name + " takes at most one argument, a regex that replaces the peer's"
                    + " rule (got " + args + "); leave it out to keep Wikimedia's domains and translate.google");
        }
        try {
            Pattern regex = Pattern.compile(args.get(0));
            return ds -> filterMatchingDomains(ds, regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(name + "(" + args.get(0) + "): not a regex (" + e.getDescription()
                    + "); pass a Java regex, or no argument for the peer's rule", e);
        }
    }

    /**
     * Adds (or replaces) {@code normalized_host}, parsed from the host by {@link NormalizedHost}. Without any source
     * column every field is NULL (the peer adds a NULL struct, which its table writer turns into this).
     */
    public static Dataset<Row> addNormalizedHost(Dataset<Row> ds, NoValue noValue) {
        Optional<Column> host = source(ds);
        UserDefinedFunction normalize = noValue == NoValue.NULL ? NORMALIZE_NULL : NORMALIZE_PLACEHOLDER;
        return ds.withColumn(NORMALIZED_HOST, host.map(h -> normalize.apply(h)).orElse(NO_SOURCE.apply()));
    }

    /** Adds (or replaces) {@code is_wmf_domain}: {@link WmfDomains#isWmfHostname}; NULL without any source column. */
    public static Dataset<Row> addIsWmfDomain(Dataset<Row> ds, NoValue noValue) {
        UserDefinedFunction isWmf = noValue == NoValue.NULL ? IS_WMF_NULL : IS_WMF_PLACEHOLDER;
        Column value = source(ds).map(host -> isWmf.apply(host)).orElse(lit(null).cast(DataTypes.BooleanType));
        return ds.withColumn(IS_WMF_DOMAIN, value);
    }

    /** Keeps the rows {@link WmfDomains#isAllowed} allows; unchanged without any source column. */
    public static Dataset<Row> filterAllowedDomains(Dataset<Row> ds) {
        return source(ds).map(host -> ds.filter(IS_ALLOWED.apply(host))).orElse(ds);
    }

    /** Keeps the rows whose domain is null, empty or contains a match of {@code regex}. */
    public static Dataset<Row> filterMatchingDomains(Dataset<Row> ds, Pattern regex) {
        return source(ds).map(host -> ds.filter(host.isNull().or(host.equalTo(lit("")))
                .or(host.rlike(regex.pattern())))).orElse(ds);
    }

    /** The host column: the first non-null of the {@link #SOURCES} the dataset has; empty when it has none. */
    static Optional<Column> source(Dataset<Row> ds) {
        boolean caseSensitive = Boolean.parseBoolean(ds.sparkSession().conf().get("spark.sql.caseSensitive", "false"));
        List<Column> found = new ArrayList<>();
        for (String path : SOURCES) {
            resolve(ds.schema(), path, caseSensitive).ifPresent(found::add);
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(found.size() == 1 ? found.get(0) : coalesce(found.toArray(Column[]::new)));
    }

    /** The column at {@code dotted} (through structs) as a string, or empty when the schema has no such field. */
    static Optional<Column> resolve(StructType schema, String dotted, boolean caseSensitive) {
        DataType current = schema;
        Column column = null;
        for (String part : dotted.split("\\.")) {
            if (!(current instanceof StructType struct)) {
                return Optional.empty();
            }
            Optional<StructField> field = field(struct, part, caseSensitive);
            if (field.isEmpty()) {
                return Optional.empty();
            }
            String name = field.get().name();
            column = column == null ? col("`" + name.replace("`", "``") + "`") : column.getField(name);
            current = field.get().dataType();
        }
        return Optional.of(current instanceof StringType ? column : column.cast(DataTypes.StringType));
    }

    private static Optional<StructField> field(StructType struct, String name, boolean caseSensitive) {
        for (StructField f : struct.fields()) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        if (!caseSensitive) {
            for (StructField f : struct.fields()) {
                if (f.name().equalsIgnoreCase(name)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    private static Row row(NormalizedHost host, NoValue noValue) {
        return RowFactory.create(noValue.text(host.projectClass()), noValue.text(host.project()),
                host.qualifiers().toArray(String[]::new), noValue.text(host.tld()), noValue.text(host.projectFamily()));
    }

    private static Boolean isWmfDomain(String host, NoValue noValue) {
        if (noValue == NoValue.NULL && (host == null || host.trim().isEmpty())) {
            return null;
        }
        return WmfDomains.isWmfHostname(host);
    }
}
