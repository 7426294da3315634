package dev.cutover.worker.transform.geo;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;

import dev.cutover.worker.transform.SourceFields;
import dev.cutover.worker.transform.Transform;
import dev.cutover.worker.transform.TransformChain;
import dev.cutover.worker.transform.TransformSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;

/**
 * {@code geocode_ip[(FILE)]}, the peer's: geocodes the client IP into {@code geocoded_data}
 * ({@code map<string,string>}, see {@link Geocoder}) with a GeoIP2 or GeoLite2 City database.
 * <ul>
 *   <li>The address is the first non-null of {@code http.client_ip}, {@code ip} (legacy EventLogging) and
 *       {@code client_ip}, of those the data has. With none of them, nothing changes.</li>
 *   <li>{@code geocoded_data} is null when the address is; a {@code geocoded_data} column already there is replaced
 *       (the column always ends up last).</li>
 *   <li>When the data has a legacy {@code ip} column, a null one is set to the address (moved last).</li>
 * </ul>
 * The database is the argument, or {@code --geoip-db} / {@code CUTOVER_GEOIP_DB} for an entry without one (see
 * {@link #withDatabase}); it is required, checked when the list is read and opened once per JVM
 * ({@link GeoDatabases}). Each row is geocoded by a Java UDF on the executors.
 */
public final class GeocodeIp {

    public static final String NAME = "geocode_ip";
    public static final String COLUMN = "geocoded_data";
    public static final String LEGACY_IP = "ip";
    public static final List<String> SOURCES = List.of("http.client_ip", "ip", "client_ip");
    public static final MapType MAP_TYPE = DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);

    private GeocodeIp() {
    }

    /** The transform for the arguments of a {@code geocode_ip} entry: none (bound later) or the database file. */
    public static Transform fromArgs(List<String> args) {
        if (args.size() > 1) {
            throw new IllegalArgumentException(NAME + " takes one argument, the GeoIP2 City database file (got " + args
                    + "), e.g. geocode_ip(/usr/share/GeoIP/GeoIP2-City.mmdb)");
        }
        if (args.isEmpty()) {
            return ds -> {
                throw new IllegalStateException(missing());
            };
        }
        GeoDatabases.Version database = GeoDatabases.check(Path.of(args.get(0)));
        return ds -> apply(ds, database);
    }

    /**
     * {@code chain} with {@code database} as the argument of each {@code geocode_ip} entry that has none; fails
     * naming the options when such an entry exists and there is no database.
     */
    public static TransformChain withDatabase(TransformChain chain, Optional<Path> database) {
        List<TransformSpec> specs = chain.specs().stream().map(s -> {
            if (!s.name().equals(NAME) || !s.args().isEmpty()) {
                return s;
            }
            Path file = database.orElseThrow(() -> new IllegalArgumentException(missing()));
            return new TransformSpec(NAME, List.of(file.toString()), s.scope());
        }).toList();
        return new TransformChain(specs);
    }

    static String missing() {
        return NAME + " needs a GeoIP2 City database and none was given; pass --geoip-db FILE (or set CUTOVER_GEOIP_DB)"
                + " or write geocode_ip(/path/to/GeoIP2-City.mmdb), with a GeoIP2-City or GeoLite2-City .mmdb file";
    }

    public static Dataset<Row> apply(Dataset<Row> ds, GeoDatabases.Version database) {
        Optional<Column> address = SourceFields.firstString(ds.schema(), SOURCES);
        if (address.isEmpty()) {
            return ds;
        }
        UDF1<String, Map<String, String>> geocode = ip -> ip == null ? null
                : GeoDatabases.geocoder(database).geocode(ip);
        Dataset<Row> geocoded = SourceFields.setLast(ds, COLUMN, functions.udf(geocode, MAP_TYPE).apply(address.get()));
        boolean legacyIp = SourceFields.field(geocoded.schema(), LEGACY_IP)
                .filter(f -> f.dataType() instanceof StringType).isPresent();
        if (!legacyIp) {
            return geocoded;
        }
        return SourceFields.setLast(geocoded, LEGACY_IP, coalesce(col(LEGACY_IP), address.get()));
    }
}
