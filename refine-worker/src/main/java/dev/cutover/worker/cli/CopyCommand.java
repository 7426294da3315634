package dev.cutover.worker.cli;

import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.copy.PartitionCopier;
import dev.cutover.worker.report.ReportSink;
import dev.cutover.worker.route.ControllerRoutes;
import dev.cutover.worker.table.Fence;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "copy", mixinStandardHelpOptions = true,
        description = {"Copy the partitions of one (stream, hour) from one database into another, atomically"
                + " (rollback restore). Records provenance action=copy.",
                "With --controller and --epoch the commit is fenced on that epoch; without, there is NO fencing.",
                "Prints the JSON report. Exit 0: OK, 1: failed or aborted, 2: bad usage."})
public final class CopyCommand extends SparkCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    ControllerOptions controllerOptions;

    @Option(names = "--stream", required = true)
    String stream;

    @Option(names = "--hour", required = true, description = "YYYY-MM-DDTHH")
    String hour;

    @Option(names = "--from", required = true, description = "Source database")
    String from;

    @Option(names = "--to", required = true, description = "Target database")
    String to;

    @Option(names = "--job", defaultValue = "manual", description = "Writer recorded in the provenance (default manual)")
    String job;

    @Option(names = "--epoch", defaultValue = "0", description = "Epoch the copy is made under (fenced with --controller)")
    long epoch;

    public CopyCommand(WorkerContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Hour h = Hour.parse(hour);
        DatabaseName source = DatabaseName.of(from);
        DatabaseName target = DatabaseName.of(to);
        Fence fence = controllerOptions.configured()
                ? new ControllerRoutes(controllerOptions.client()).fence(stream, epoch) : Fence.NONE;
        CopyReport report = new PartitionCopier(spark(common, "copy"), context.clock())
                .copy(stream, h, source, target, JobOptions.validJob(job), epoch, fence, null);
        context.out().println(ReportSink.toJson(report));
        if (report.error() != null) {
            context.err().println(report.error());
        }
        return report.ok() ? 0 : 1;
    }
}
