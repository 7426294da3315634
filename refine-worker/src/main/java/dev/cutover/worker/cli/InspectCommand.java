package dev.cutover.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.streamconfig.TableNames;
import dev.cutover.worker.inspect.Inspector;
import dev.cutover.worker.table.HiveTables;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"List a database's partitions with their provenance: job, epoch, action (refine|copy),"
                + " committed_at, rows, checksum (as recorded in the partition parameters at commit).",
                "--json prints a JSON array; otherwise a table."})
public final class InspectCommand extends SparkCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--database", required = true)
    String database;

    @Option(names = "--stream", description = "Only this stream's table")
    String stream;

    @Option(names = "--json", description = "JSON array output")
    boolean json;

    public InspectCommand(WorkerContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        DatabaseName db = DatabaseName.of(database);
        List<Inspector.PartitionInfo> parts = new Inspector(new HiveTables(spark(common, "inspect")))
                .list(db, Optional.ofNullable(stream).map(TableNames::forStream));
        if (json) {
            context.out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(parts));
            return 0;
        }
        String fmt = "%-28s %-13s %-8s %-9s %-6s %-7s %-24s %10s  %s%n";
        context.out().printf(fmt, "table", "hour", "dc", "job", "epoch", "action", "committed_at", "rows", "checksum");
        for (Inspector.PartitionInfo p : parts) {
            context.out().printf(fmt, p.table(), p.hour(), p.datacenter() == null ? "-" : p.datacenter(),
                    p.job() == null ? "?" : p.job(), p.epoch() == null ? "?" : p.epoch(),
                    p.action() == null ? "?" : p.action(), p.committedAt() == null ? "?" : p.committedAt(),
                    p.rows() == null ? "?" : p.rows(), p.checksum() == null ? "?" : p.checksum());
        }
        return 0;
    }
}
