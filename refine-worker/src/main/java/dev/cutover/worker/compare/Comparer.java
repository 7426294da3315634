package dev.cutover.worker.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.protocol.EvolvePlan;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.Verdict;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.streamconfig.TableNames;
import dev.cutover.worker.table.Checksums;
import dev.cutover.worker.table.HiveTables;
import dev.cutover.worker.table.PartitionCommitter;
import dev.cutover.worker.transform.Transforms;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Compares one (stream, hour) between two databases:
 * <ol>
 *   <li>schema diff of the data columns (only left, only right, same name with a different type);</li>
 *   <li>the provenance fast path (unless {@code fullScan}): when both tables have the same schema and both
 *       hours' recorded row counts and checksums can be trusted ({@link RecordedHour}) and are equal, the
 *       verdict is PASS without reading any data ({@code "method": "provenance"}); in every other case
 *       the data is scanned ({@code "method": "scan"}, {@code scan_reason} says why);</li>
 *   <li>the scan: one aggregation pass per side, row count and the order-independent checksum over the
 *       common columns (same name and type, see {@link Checksums});</li>
 *   <li>when they differ and both sides have {@code meta.id}: a keyed diff (full outer join on
 *       {@code meta.id} of per-column hashes) with rows only on one side, changed rows, per-column
 *       mismatch counts and up to 10 sample ids.</li>
 * </ol>
 * Verdict: NODATA when either side has no partition for the hour ({@code "method": "metastore"}); PASS when
 * both sides have the same columns with the same types and equal counts and checksums; FAIL otherwise, with
 * {@code reasons}. A column present on one side only fails the comparison (it is not ignored): a job that
 * silently drops a column is exactly what the canary must catch, and both jobs read the same schema
 * repository, so a legitimate schema change reaches both sides together. A scan also reports a side whose
 * trusted-looking provenance does not match its data in {@code warnings}. Every result also carries
 * {@code evolve}: the dry-run evolution of the right table to the left table's schema (the preflight's input).
 */
public final class Comparer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "__key";

    private final SparkSession spark;
    private final HiveTables tables;
    private final PartitionCommitter partitions;

    public Comparer(SparkSession spark, Clock clock) {
        this.spark = spark;
        this.tables = new HiveTables(spark);
        this.partitions = new PartitionCommitter(spark, clock);
    }

    /** The verdict and the compare JSON (the {@code detail} of a compare report). */
    public record Result(Verdict verdict, ObjectNode detail) {
    }

    private record Side(DatabaseName db, Dataset<Row> data, RecordedHour.Outcome recorded) {
    }

    /** Compares with the provenance fast path where it applies. */
    public Result compare(String stream, Hour hour, DatabaseName left, DatabaseName right) {
        return compare(stream, hour, left, right, false);
    }

    /** @param fullScan always scan the data (audits), never decide from the recorded provenance */
    public Result compare(String stream, Hour hour, DatabaseName left, DatabaseName right, boolean fullScan) {
        String table = TableNames.forStream(stream);
        ObjectNode out = JSON.createObjectNode();
        out.put("stream", stream).put("hour", hour.toString()).put("table", table);
        ObjectNode ln = out.putObject("left");
        ObjectNode rn = out.putObject("right");
        Optional<Side> l = side(left, table, hour, ln);
        Optional<Side> r = side(right, table, hour, rn);
        evolve(left, right, table).ifPresent(plan -> out.set("evolve", plan));
        if (l.isEmpty() || r.isEmpty()) {
            out.put("method", "metastore");
            out.put("verdict", Verdict.NODATA.name());
            return new Result(Verdict.NODATA, out);
        }
        Map<String, DataType> lt = types(l.get().data().schema());
        Map<String, DataType> rt = types(r.get().data().schema());
        ObjectNode schema = out.putObject("schema");
        ArrayNode onlyLeft = schema.putArray("only_left");
        ArrayNode onlyRight = schema.putArray("only_right");
        ArrayNode mismatch = schema.putArray("type_mismatch");
        List<String> common = new ArrayList<>();
        lt.forEach((name, type) -> {
            if (!rt.containsKey(name)) {
                onlyLeft.add(name);
            } else if (!rt.get(name).equals(type)) {
                mismatch.addObject().put("column", name).put("left", type.sql()).put("right", rt.get(name).sql());
            } else {
                common.add(name);
            }
        });
        rt.keySet().stream().filter(n -> !lt.containsKey(n)).forEach(onlyRight::add);
        schema.put("common", common.size());
        boolean sameSchema = onlyLeft.isEmpty() && onlyRight.isEmpty() && mismatch.isEmpty();
        String scanReason = fullScan ? "--full-scan" : fastPathRefusal(l.get(), r.get(), sameSchema);
        if (scanReason == null) {
            recorded(ln, (RecordedHour.Trusted) l.get().recorded());
            recorded(rn, (RecordedHour.Trusted) r.get().recorded());
            out.put("method", "provenance");
            out.put("verdict", Verdict.PASS.name());
            out.putArray("reasons");
            return new Result(Verdict.PASS, out);
        }
        out.put("method", "scan").put("scan_reason", scanReason);
        return scan(l.get(), r.get(), common, out);
    }

    /**
     * The {@code evolve --dry-run} of {@code right}'s table to the schema {@code left}'s table holds (what the
     * left job writes): {@code {database, table, exists, changes, ddl, expected, to_schema_of}}. Before a
     * cutover, left is the new job's shadow database and right is production, so this is exactly the
     * preflight's dry run; the controller reads it from the compare report. Metastore only, no data read.
     * Empty when the left table does not exist.
     */
    private Optional<ObjectNode> evolve(DatabaseName left, DatabaseName right, String table) {
        Optional<CatalogTable> l = tables.table(left, table);
        if (l.isEmpty() || !tables.databaseExists(right)) {
            return Optional.empty();
        }
        EvolvePlan plan = tables.plan(right, table, l.get().dataSchema(), HiveTables.hasDatacenter(l.get()))
                .toSchemaOf(left.value());
        return Optional.of(ProtocolJson.MAPPER.valueToTree(plan));
    }

    /** Null when the recorded provenance decides PASS; otherwise why the data must be scanned. */
    private static String fastPathRefusal(Side l, Side r, boolean sameSchema) {
        if (!(l.recorded() instanceof RecordedHour.Trusted lr)) {
            return "left: " + ((RecordedHour.Untrusted) l.recorded()).reason();
        }
        if (!(r.recorded() instanceof RecordedHour.Trusted rr)) {
            return "right: " + ((RecordedHour.Untrusted) r.recorded()).reason();
        }
        if (!sameSchema || !lr.fingerprint().equals(rr.fingerprint())) {
            return "the two tables' schemas differ";
        }
        if (lr.rows() != rr.rows() || !lr.checksum().equals(rr.checksum())) {
            return "the recorded row counts or checksums differ";
        }
        return null;
    }

    private static ObjectNode recorded(ObjectNode node, RecordedHour.Trusted t) {
        return node.put("rows", t.rows()).put("checksum", t.checksum()).put("commit_id", t.commitId())
                .put("action", t.action());
    }

    private Result scan(Side l, Side r, List<String> common, ObjectNode out) {
        DatabaseName left = l.db();
        DatabaseName right = r.db();
        ArrayNode onlyLeft = (ArrayNode) out.at("/schema/only_left");
        ArrayNode onlyRight = (ArrayNode) out.at("/schema/only_right");
        ArrayNode mismatch = (ArrayNode) out.at("/schema/type_mismatch");
        Row ls = l.data().agg(count(lit(1)), Checksums.checksum(common)).first();
        Row rs = r.data().agg(count(lit(1)), Checksums.checksum(common)).first();
        ArrayNode warnings = JSON.createArrayNode();
        scanned(l, ls, (ObjectNode) out.get("left"), "left", warnings);
        scanned(r, rs, (ObjectNode) out.get("right"), "right", warnings);
        boolean sameCount = ls.getLong(0) == rs.getLong(0);
        boolean sameSum = Checksums.text(ls.get(1)).equals(Checksums.text(rs.get(1)));
        boolean same = sameCount && sameSum;
        ArrayNode reasons = JSON.createArrayNode();
        onlyLeft.forEach(c -> reasons.add("column " + c.asText() + " only in " + left));
        onlyRight.forEach(c -> reasons.add("column " + c.asText() + " only in " + right));
        mismatch.forEach(m -> reasons.add("column " + m.get("column").asText() + " is " + m.get("left").asText()
                + " in " + left + " but " + m.get("right").asText() + " in " + right));
        if (!sameCount) {
            reasons.add("row counts differ: " + ls.getLong(0) + " vs " + rs.getLong(0));
        }
        if (!sameSum) {
            reasons.add("content checksums over the common columns differ");
        }
        Verdict verdict = reasons.isEmpty() ? Verdict.PASS : Verdict.FAIL;
        out.put("verdict", verdict.name());
        out.set("reasons", reasons);
        if (!warnings.isEmpty()) {
            out.set("warnings", warnings);
        }
        if (!same && Transforms.hasPath(l.data().schema(), "meta.id") && Transforms.hasPath(r.data().schema(), "meta.id")) {
            out.set("diff", keyedDiff(l.data(), r.data(), common));
        }
        return new Result(verdict, out);
    }

    /** Puts the scanned numbers; a side whose provenance looked trustworthy but does not match its data is warned of. */
    private static void scanned(Side side, Row stats, ObjectNode node, String name, ArrayNode warnings) {
        String checksum = Checksums.text(stats.get(1));
        node.put("rows", stats.getLong(0)).put("checksum", checksum);
        if (!(side.recorded() instanceof RecordedHour.Trusted t)) {
            return;
        }
        recorded(node.putObject("recorded"), t);
        if (t.rows() != stats.getLong(0) || !t.checksum().equals(checksum)) {
            warnings.add(name + " (" + side.db() + "): the data does not match the rows and checksum its commit "
                    + t.commitId() + " recorded (" + t.rows() + ", " + t.checksum() + "); files were changed behind"
                    + " Cutover's back");
        }
    }

    private Optional<Side> side(DatabaseName db, String table, Hour hour, ObjectNode node) {
        node.put("database", db.value());
        Optional<CatalogTable> t = tables.table(db, table);
        List<CatalogTablePartition> parts = t.map(ct -> partitions.partitionsOf(ct, hour)).orElse(List.of());
        node.put("partitions", parts.size());
        if (t.isEmpty() || parts.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> spec = PartitionCommitter.hourSpec(hour);
        Column where = lit(true);
        for (Map.Entry<String, String> e : spec.entrySet()) {
            where = where.and(col("`" + e.getKey() + "`").equalTo(Integer.parseInt(e.getValue())));
        }
        List<Column> data = new ArrayList<>();
        for (StructField f : t.get().dataSchema().fields()) {
            data.add(col("`" + f.name() + "`"));
        }
        Dataset<Row> rows = spark.table(db.quoted() + ".`" + table + "`").where(where).select(data.toArray(Column[]::new));
        RecordedHour.Outcome recorded = RecordedHour.check(t.get(), hour, parts, spark.sparkContext().hadoopConfiguration());
        return Optional.of(new Side(db, rows, recorded));
    }

    private ObjectNode keyedDiff(Dataset<Row> left, Dataset<Row> right, List<String> common) {
        List<String> cols = common.stream().sorted().toList();
        Dataset<Row> l = hashes(left, cols, "l");
        Dataset<Row> r = hashes(right, cols, "r");
        Dataset<Row> joined = l.join(r, l.col("l" + KEY).equalTo(r.col("r" + KEY)), "full_outer");
        Column bothPresent = col("l" + KEY).isNotNull().and(col("r" + KEY).isNotNull());
        List<Column> aggs = new ArrayList<>();
        aggs.add(sum(when(col("r" + KEY).isNull(), 1).otherwise(0)).as("left_only"));
        aggs.add(sum(when(col("l" + KEY).isNull(), 1).otherwise(0)).as("right_only"));
        Column anyDiff = lit(false);
        for (int i = 0; i < cols.size(); i++) {
            Column differs = bothPresent.and(col("l_h" + i).notEqual(col("r_h" + i)));
            aggs.add(sum(when(differs, 1).otherwise(0)).as("c" + i));
            anyDiff = anyDiff.or(differs);
        }
        aggs.add(sum(when(anyDiff, 1).otherwise(0)).as("changed"));
        Row a = joined.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
        ObjectNode diff = JSON.createObjectNode();
        diff.put("key", "meta.id");
        diff.put("left_only", a.getLong(0)).put("right_only", a.getLong(1)).put("changed", a.getLong(2 + cols.size()));
        ObjectNode perColumn = diff.putObject("column_mismatches");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < cols.size(); i++) {
            long n = a.getLong(2 + i);
            if (n > 0) {
                counts.put(cols.get(i), n);
            }
        }
        counts.forEach(perColumn::put);
        Column differing = col("r" + KEY).isNull().or(col("l" + KEY).isNull()).or(anyDiff);
        ArrayNode samples = diff.putArray("sample_ids");
        joined.where(differing).select(functions.coalesce(col("l" + KEY), col("r" + KEY)).as("id"))
                .orderBy("id").limit(10).collectAsList().forEach(row -> samples.add(row.getString(0)));
        return diff;
    }

    private static Dataset<Row> hashes(Dataset<Row> ds, List<String> cols, String side) {
        List<Column> select = new ArrayList<>();
        select.add(col("meta.id").as(side + KEY));
        for (int i = 0; i < cols.size(); i++) {
            select.add(functions.xxhash64(col("`" + cols.get(i) + "`")).as(side + "_h" + i));
        }
        return ds.where(col("meta.id").isNotNull()).select(select.toArray(Column[]::new));
    }

    private static Map<String, DataType> types(StructType schema) {
        Map<String, DataType> map = new LinkedHashMap<>();
        for (StructField f : schema.fields()) {
            map.put(f.name(), f.dataType());
        }
        return map;
    }
}
