package dev.cutover.worker.refine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.cutover.worker.raw.RawHour;
import dev.cutover.worker.table.HiveTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one raw hour with an explicit schema in PERMISSIVE mode: a line that is not valid JSON for the
 * schema becomes a row whose {@link #CORRUPT} column holds the line (the caller counts and drops them).
 * Field names are sanitized to the table's ({@code $schema} -> {@code _schema}); for the datacenter
 * layout a {@code datacenter} column is added per directory. gzip is recognised by the {@code .gz} suffix.
 * Each directory goes to Spark as its Hadoop path string ({@code hdfs://...}, {@code s3a://...},
 * {@code file:/...}), so it is read through the session's Hadoop file systems.
 */
public final class RawReader {

    public static final String CORRUPT = "_corrupt_record";

    private final SparkSession spark;

    public RawReader(SparkSession spark) {
        this.spark = spark;
    }

    public Dataset<Row> read(RawHour hour, StructType readSchema, StructType tableSchema) {
        StructType withCorrupt = readSchema.add(DataTypes.createStructField(CORRUPT, DataTypes.StringType, true));
        Dataset<Row> all = null;
        for (RawHour.Dir dir : hour.dirs()) {
            Dataset<Row> ds = spark.read().schema(withCorrupt).option("mode", "PERMISSIVE")
                    .option("columnNameOfCorruptRecord", CORRUPT).json(dir.path().toString());
            List<Column> cols = new ArrayList<>();
            StructField[] read = readSchema.fields();
            StructField[] table = tableSchema.fields();
            for (int i = 0; i < read.length; i++) {
                Column c = col("`" + read[i].name() + "`");
                if (!read[i].dataType().equals(table[i].dataType())) {
                    c = c.cast(table[i].dataType());
                }
                cols.add(c.as(table[i].name()));
            }
            cols.add(col(CORRUPT));
            if (dir.datacenter().isPresent()) {
                cols.add(lit(dir.datacenter().get()).as(HiveTables.DATACENTER));
            }
            ds = ds.select(cols.toArray(Column[]::new));
            all = all == null ? ds : all.unionByName(ds);
        }
        if (all == null) {
            throw new IllegalStateException("raw hour " + hour.stream() + " " + hour.hour() + " has no directories");
        }
        return all;
    }
}
