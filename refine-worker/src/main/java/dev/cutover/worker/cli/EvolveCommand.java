package dev.cutover.worker.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.protocol.EvolvePlan;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.StreamConfig;
import dev.cutover.streamconfig.TableNames;
import dev.cutover.worker.schema.StreamSchemas;
import dev.cutover.worker.table.HiveTables;
import dev.cutover.worker.transform.TransformChain;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evolve", mixinStandardHelpOptions = true,
        description = {"Create or evolve a stream's table to the schema the job produces (latest schema version plus"
                + " the job's transforms).",
                "--dry-run prints the DDL it would run (stderr) and a JSON result (stdout) listing each change and"
                        + " whether it is expected (added columns/fields) or unexpected (anything else).",
                "Exit 0: only expected changes, 1: some unexpected change, 2: bad usage."})
public final class EvolveCommand extends SparkCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    JobOptions jobOptions;

    @Option(names = "--stream", required = true)
    String stream;

    @Option(names = "--database", required = true)
    String database;

    @Option(names = "--job", defaultValue = "airflow", description = "Whose transforms shape the schema (default airflow)")
    String job;

    @Option(names = "--dry-run", description = "Only report; change nothing")
    boolean dryRun;

    public EvolveCommand(WorkerContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        DatabaseName db = DatabaseName.of(database);
        Snapshot config = common.config(context.clock());
        StreamSchemas schemas = new StreamSchemas(config, common.schemas());
        StreamSchemas.StreamSchema schema = schemas.forStream(stream);
        TransformChain chain = jobOptions.chains(List.of(job)).get(job);
        SparkSession spark = spark(common, "evolve");
        Dataset<Row> empty = spark.createDataFrame(List.of(), schema.tableSchema());
        StructType output = chain.tableShape(stream).apply(chain.apply(stream, empty).schema(), schema.tableSchema());
        boolean dc = datacenterLayout(config.lookup(stream).orElseThrow(), stream);
        HiveTables tables = new HiveTables(spark);
        tables.requireDatabase(db);
        EvolvePlan plan = tables.plan(db, TableNames.forStream(stream), output, dc);
        plan.ddl().forEach(d -> context.err().println(d + ";"));
        if (!dryRun) {
            tables.ensure(db, TableNames.forStream(stream), output, dc);
        }
        ObjectNode json = ProtocolJson.MAPPER.valueToTree(plan);
        json.put("stream", stream).put("dry_run", dryRun).put("schema", schema.version().uri());
        context.out().println(ProtocolJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        return plan.expected() ? 0 : 1;
    }

    /** Streams whose topics are {@code <dc>.<stream>} land in Gobblin's datacenter layout. */
    static boolean datacenterLayout(StreamConfig config, String stream) {
        List<String> topics = config.topics();
        return !topics.isEmpty() && topics.stream().allMatch(t -> !t.equals(stream) && t.endsWith("." + stream));
    }
}
