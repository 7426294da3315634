package dev.cutover.worker.cli;

import dev.cutover.protocol.Hour;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.Verdict;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.compare.Comparer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare one (stream, hour) between two databases: schema diff, row counts, checksum over the"
                + " common columns and, on mismatch, a keyed diff on meta.id. Equal hours with trusted Cutover"
                + " provenance on both sides pass without reading data (\"method\": \"provenance\"); otherwise the"
                + " data is scanned (\"method\": \"scan\"). Prints the JSON result.",
                "Exit 0: PASS, 1: FAIL, 3: NODATA, 2: bad usage."})
public final class CompareCommand extends SparkCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--stream", required = true)
    String stream;

    @Option(names = "--hour", required = true, description = "YYYY-MM-DDTHH")
    String hour;

    @Option(names = "--left", required = true, description = "Left database (e.g. event)")
    String left;

    @Option(names = "--right", required = true, description = "Right database (e.g. event_airflow)")
    String right;

    @Option(names = "--full-scan", description = "Always read and hash the data (audits); by default equal hours whose"
            + " Cutover provenance can be trusted pass from the metastore alone")
    boolean fullScan;

    public CompareCommand(WorkerContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        Hour h = Hour.parse(hour);
        DatabaseName l = DatabaseName.of(left);
        DatabaseName r = DatabaseName.of(right);
        Comparer.Result result = new Comparer(spark(common, "compare"), context.clock()).compare(stream, h, l, r, fullScan);
        context.out().println(ProtocolJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result.detail()));
        return result.verdict() == Verdict.PASS ? 0 : result.verdict() == Verdict.FAIL ? 1 : 3;
    }
}
