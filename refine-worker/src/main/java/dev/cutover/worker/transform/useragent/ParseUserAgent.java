package dev.cutover.worker.transform.useragent;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.cutover.worker.transform.SourceFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code parse_user_agent}, the peer's: parses the user agent into {@code user_agent_map}
 * ({@code map<string,string>}, see {@link UserAgentParser}) and, for legacy EventLogging data, fills the
 * {@code useragent} struct from it.
 * <ul>
 *   <li>The agent is the first non-null of {@code agent.ua_string} (Test Kitchen's contextual attribute) and
 *       {@code http.request_headers['user-agent']}, of those the data has. With neither, nothing changes.</li>
 *   <li>{@code user_agent_map} is null when the agent is; a {@code user_agent_map} column already there is
 *       replaced (the column always ends up last).</li>
 *   <li>When the data has a {@code useragent} struct (legacy EventLogging schemas declare it), it is set to itself
 *       when non-null (pre-parsed by eventlogging-processor) and otherwise to the map's browser family, major and
 *       minor (the map has no minor: null), device family, OS family, major and minor, {@code wmf_app_version},
 *       {@code is_bot} (device {@code Spider}, or device {@code Other} and a {@link Spiders spider} agent or the
 *       agent {@code "-"}) and {@code is_mediawiki} (the agent contains "mediawiki", any case); null when the map
 *       is. It is moved last.</li>
 * </ul>
 * The agent is parsed by a Java UDF once per row, on the executors, through the JVM's {@link UserAgentParser}
 * (its parser built once per executor, its results cached per distinct agent).
 */
public final class ParseUserAgent {

    public static final String NAME = "parse_user_agent";
    public static final String MAP_COLUMN = "user_agent_map";
    public static final String LEGACY_COLUMN = "useragent";
    public static final List<String> SOURCES = List.of("agent.ua_string", "http.request_headers.user-agent");
    public static final MapType MAP_TYPE = DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);

    private static final UserDefinedFunction PARSE = functions.udf(
            (UDF1<String, Map<String, String>>) ua -> ua == null ? null : UserAgentParser.shared().parse(ua), MAP_TYPE);

    private ParseUserAgent() {
    }

    public static Dataset<Row> apply(Dataset<Row> ds) {
        Optional<Column> agent = SourceFields.firstString(ds.schema(), SOURCES);
        if (agent.isEmpty()) {
            return ds;
        }
        Dataset<Row> parsed = SourceFields.setLast(ds, MAP_COLUMN, PARSE.apply(agent.get()));
        Optional<StructField> legacy = SourceFields.field(parsed.schema(), LEGACY_COLUMN)
                .filter(f -> f.dataType() instanceof StructType);
        if (legacy.isEmpty()) {
            return parsed;
        }
        Column kept = col("`" + legacy.get().name() + "`");
        Column filled = legacyStruct((StructType) legacy.get().dataType(), col(MAP_COLUMN), agent.get());
        return SourceFields.setLast(parsed, LEGACY_COLUMN, coalesce(kept, filled));
    }

    /**
     * The legacy struct from the map, shaped like the data's {@code useragent} struct (its fields, order and types;
     * a field this transform does not know is null), so it can stand in for a null one.
     */
    static Column legacyStruct(StructType shape, Column map, Column agent) {
        Column device = map.getItem("device_family");
        Column isBot = device.equalTo("Spider")
                .or(device.equalTo("Other").and(agent.equalTo(UserAgentParser.NO_VALUE).or(agent.rlike(Spiders.PATTERN))));
        Column isMediawiki = lower(agent).contains("mediawiki");
        List<Column> fields = new ArrayList<>();
        for (StructField f : shape.fields()) {
            Column value = switch (f.name().toLowerCase(java.util.Locale.ROOT)) {
                case "browser_family", "browser_major", "browser_minor", "device_family", "os_family", "os_major",
                     "os_minor", "wmf_app_version" -> map.getItem(f.name().toLowerCase(java.util.Locale.ROOT));
                case "is_bot" -> isBot;
                case "is_mediawiki" -> isMediawiki;
                default -> lit(null);
            };
            fields.add(value.cast(f.dataType()).as(f.name()));
        }
        return when(map.isNull(), lit(null).cast(shape)).otherwise(struct(fields.toArray(Column[]::new)));
    }
}
