package dev.cutover.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.StreamConfig;
import dev.cutover.worker.generate.RawGenerator;
import dev.cutover.worker.raw.HourRange;
import dev.cutover.worker.raw.RawRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write schema-valid synthetic raw events (from the stream's real schema) in Gobblin's layout"
                + " with _IMPORTED flags. Deterministic for a seed. Plain Java: never starts Spark.",
                "Prints one JSON summary per hour (lines, duplicates, canaries, corrupt, expected_rows)."})
public final class GenerateCommand implements Callable<Integer> {

    private final WorkerContext context;

    @Mixin
    CommonOptions common;

    @Option(names = "--stream", required = true)
    String stream;

    @Option(names = "--hours", required = true, description = "FROM..TO, both inclusive: 2026-11-22T00..2026-11-22T05")
    String hours;

    @Option(names = "--events-per-hour", required = true, description = "Lines per hour (duplicates, canaries, corrupt included)")
    int eventsPerHour;

    @Option(names = "--raw-dir", required = true, description = "Local raw root to write into (a path or a file: URI)")
    String rawDir;

    @Option(names = "--duplicates", defaultValue = "0", description = "Probability a line repeats an earlier event")
    double duplicates;

    @Option(names = "--canary", defaultValue = "0", description = "Probability an event is a canary (meta.domain=canary)")
    double canary;

    @Option(names = "--corrupt", defaultValue = "0", description = "Probability a line is not valid JSON")
    double corrupt;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--plain", description = "Plain .json files instead of gzip")
    boolean plain;

    @Option(names = "--no-imported", negatable = false, description = "Do not write the _IMPORTED flags (incomplete hours)")
    boolean noImported;

    public GenerateCommand(WorkerContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        for (double p : new double[] {duplicates, canary, corrupt}) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("--duplicates/--canary/--corrupt are probabilities in [0, 1]; got " + p);
            }
        }
        if (eventsPerHour < 0) {
            throw new IllegalArgumentException("--events-per-hour must be >= 0");
        }
        RawRoot root = RawRoot.parse(rawDir);
        Path localRoot = root.localPath().orElseThrow(() -> new IllegalArgumentException("--raw-dir " + root
                + ": generate writes local files only; generate into a local directory and copy it (hdfs dfs -put,"
                + " aws s3 cp)"));
        Hour[] span = HourRange.parseSpan(hours);
        Snapshot config = common.config(context.clock());
        StreamConfig sc = config.lookup(stream).orElseThrow(() -> new IllegalArgumentException("stream '" + stream
                + "' is not in the stream config " + config.origin() + "; check the name or pass --config-source"));
        RawGenerator.Spec spec = new RawGenerator.Spec(stream, span[0], span[1], eventsPerHour, duplicates, canary,
                corrupt, seed, !plain, !noImported);
        List<RawGenerator.HourSummary> summaries = new RawGenerator(common.schemas()).generate(sc, spec, localRoot);
        ObjectMapper json = new ObjectMapper();
        for (RawGenerator.HourSummary s : summaries) {
            context.out().println(json.writeValueAsString(s));
        }
        return 0;
    }
}
