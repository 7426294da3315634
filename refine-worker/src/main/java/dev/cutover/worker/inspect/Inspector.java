package dev.cutover.worker.inspect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.spark.Scala;
import dev.cutover.worker.table.HiveTables;
import dev.cutover.worker.table.Provenance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalog;

/** Lists a database's partitions with who wrote them (the provenance recorded at commit). */
public final class Inspector {

    private final HiveTables tables;

    public Inspector(HiveTables tables) {
        this.tables = tables;
    }

    /** One partition; the provenance fields are null for a partition Cutover did not write. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PartitionInfo(@JsonProperty("database") String database, @JsonProperty("table") String table,
                                @JsonProperty("stream") String stream, @JsonProperty("hour") String hour,
                                @JsonProperty("datacenter") String datacenter, @JsonProperty("job") String job,
                                @JsonProperty("epoch") Long epoch, @JsonProperty("action") String action,
                                @JsonProperty("committed_at") String committedAt, @JsonProperty("rows") Long rows,
                                @JsonProperty("checksum") String checksum,
                                @JsonProperty("schema_fingerprint") String schemaFingerprint,
                                @JsonProperty("source") String source, @JsonProperty("location") String location) {
    }

    /** Partitions of every table of {@code db}, or of one table; sorted by table, hour, datacenter. */
    public List<PartitionInfo> list(DatabaseName db, Optional<String> table) {
        tables.requireDatabase(db);
        ExternalCatalog catalog = tables.catalog();
        List<String> names = table.map(List::of).orElseGet(() -> Scala.list(catalog.listTables(db.value())));
        List<PartitionInfo> result = new ArrayList<>();
        for (String name : names) {
            if (!catalog.tableExists(db.value(), name)) {
                continue;
            }
            if (catalog.getTable(db.value(), name).partitionColumnNames().isEmpty()) {
                continue;
            }
            for (CatalogTablePartition p : Scala.list(catalog.listPartitions(db.value(), name, scala.Option.empty()))) {
                result.add(info(db, name, p));
            }
        }
        result.sort(Comparator.comparing(PartitionInfo::table).thenComparing(PartitionInfo::hour)
                .thenComparing(i -> i.datacenter() == null ? "" : i.datacenter()));
        return result;
    }

    private static PartitionInfo info(DatabaseName db, String table, CatalogTablePartition p) {
        Map<String, String> spec = Scala.javaMap(p.spec());
        String hour = Hour.of(Integer.parseInt(spec.get("year")), Integer.parseInt(spec.get("month")),
                Integer.parseInt(spec.get("day")), Integer.parseInt(spec.get("hour"))).toString();
        Optional<Provenance> prov = Provenance.fromParameters(Scala.javaMap(p.parameters()));
        return new PartitionInfo(db.value(), table, prov.map(Provenance::stream).orElse(null), hour,
                spec.get(HiveTables.DATACENTER), prov.map(Provenance::job).orElse(null),
                prov.map(Provenance::epoch).orElse(null), prov.map(Provenance::action).orElse(null),
                prov.map(Provenance::committedAt).orElse(null), prov.map(Provenance::rows).orElse(null),
                prov.map(Provenance::checksum).orElse(null), prov.map(Provenance::schemaFingerprint).orElse(null),
                prov.map(Provenance::source).orElse(null), p.location().toString());
    }
}
