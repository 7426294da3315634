package dev.cutover.worker.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to build the Spark session: embedded defaults ({@code local[*]}, a Derby metastore and a warehouse
 * under the state directory) or, by configuration only, a cluster ({@code --spark-master yarn},
 * {@code --conf spark.hadoop.hive.metastore.uris=thrift://...}, HDFS/S3 warehouse).
 *
 * @param master   the Spark master; empty = {@code local[*]}
 * @param conf     pass-through {@code --conf key=value}, applied last (they win)
 * @param stateDir where the embedded metastore and warehouse live
 */
public record SparkSettings(Optional<String> master, Map<String, String> conf, Path stateDir, String appName) {

    public SparkSettings {
        conf = Map.copyOf(new LinkedHashMap<>(conf));
    }

    /** True when a remote metastore is configured: then no Derby URL is set. */
    public boolean remoteMetastore() {
        return conf.containsKey("hive.metastore.uris") || conf.containsKey("spark.hadoop.hive.metastore.uris")
                || conf.containsKey("spark.hive.metastore.uris");
    }

    /** Every setting the session gets, in order (defaults first, then --conf). */
    public Map<String, String> effectiveConf() {
        Map<String, String> all = new LinkedHashMap<>();
        // Under spark-submit, --master/--name arrive as system properties: they win over the defaults.
        if (master.isPresent() || System.getProperty("spark.master") == null) {
            all.put("spark.master", master.orElse("local[*]"));
        }
        if (System.getProperty("spark.app.name") == null) {
            all.put("spark.app.name", appName);
        }
        all.put("spark.ui.enabled", "false");
        all.put("spark.sql.shuffle.partitions", "8");
        // The order-independent checksum hashes whole rows, maps included (map order = JSON order).
        all.put("spark.sql.legacy.allowHashOnMapType", "true");
        all.put("spark.sql.warehouse.dir", stateDir.resolve("warehouse").toAbsolutePath().toUri().toString());
        // A metastore that cannot filter partitions on our integer keys (year, month, day, hour) in its query
        // (Hive's ORM path, taken when direct SQL is off or was found incompatible) makes Spark list the table's
        // partitions and filter them itself, instead of failing the read.
        all.put("spark.sql.hive.metastorePartitionPruningFallbackOnException", "true");
        if (!remoteMetastore()) {
            all.put("javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName="
                    + stateDir.resolve("metastore_db").toAbsolutePath() + ";create=true");
            // Lets schema evolution add nested struct fields (see HiveTables#evolve).
            all.put("spark.hadoop.hive.metastore.disallow.incompatible.col.type.changes", "false");
            // Lets the embedded metastore's ORM path filter on integer partition keys too.
            all.put("spark.hadoop.hive.metastore.integral.jdo.pushdown", "true");
        }
        conf.forEach((k, v) -> all.put(k.startsWith("hive.") ? "spark.hadoop." + k : k, v));
        return all;
    }
}
