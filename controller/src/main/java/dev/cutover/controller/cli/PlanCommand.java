package dev.cutover.controller.cli;

import dev.cutover.controller.http.Views;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.PlanLoader;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.source.ConfigSource;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.FetchResult;
import dev.cutover.streamconfig.source.LayeredConfigSource;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.SourceOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code ./cutover plan}: a dry run. Reads the config (with the override layer) and the route log (read-only),
 * runs the controller's own pure step function on them ({@link DryRun}) and prints what the controller would do
 * now: phase changes, route changes, flag writes and the work lists. Nothing is written.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Dry run: what the controller would do now (like a plan before apply). Writes nothing.")
final class PlanCommand implements Callable<Integer> {

    @Option(names = "--config-source", required = true, defaultValue = "${env:CUTOVER_CONFIG_SOURCE}",
            description = "Stream config file or MediaWiki api.php URL (CUTOVER_CONFIG_SOURCE).")
    String configSource;

    @Option(names = "--plan", required = true, defaultValue = "${env:CUTOVER_PLAN}",
            description = "Migration plan (CUTOVER_PLAN).")
    String planFile;

    @Option(names = "--state-dir", defaultValue = "${env:CUTOVER_STATE_DIR:-.cutover}",
            description = "The controller's state directory, read only (CUTOVER_STATE_DIR).")
    String stateDir;

    @Override
    public Integer call() {
        Path state = Path.of(stateDir);
        MigrationPlan plan = PlanLoader.load(Path.of(planFile), state);
        Clock clock = Clock.systemUTC();
        ConfigSource source = ConfigSources.open(configSource, SourceOptions.defaults());
        Optional<Path> layerFile = plan.overrideLayer().filter(Files::exists);
        if (layerFile.isPresent()) {
            source = new LayeredConfigSource(source, OverrideLayer.open(layerFile.get(), clock));
        }
        FetchResult fetched = source.fetch(Optional.empty());
        if (!(fetched instanceof FetchResult.Changed changed)) {
            System.err.println("cutover plan: cannot read the config: " + (fetched instanceof FetchResult.Failed f
                    ? f.error() : fetched));
            return 2;
        }
        Snapshot snapshot = changed.snapshot();
        RouteLog.Restored restored = JournalRouteLog.readOnly(state);
        DryRun run = DryRun.of(plan, restored, snapshot, clock.instant());
        System.out.println("Plan for " + plan.cluster() + " (config " + snapshot.origin() + ", "
                + snapshot.namedStreams().size() + " streams; state " + state + ", " + restored.routes().size()
                + " managed streams)");
        int unchanged = 0;
        for (String stream : run.reconciled()) {
            Optional<StreamState> before = Optional.ofNullable(restored.routes().get(stream));
            Optional<StreamState> after = run.end().state(stream);
            List<AuditEvent> notes = run.notes(stream);
            List<FlagChange> flags = run.flagWrites(stream);
            if (notes.isEmpty() && flags.isEmpty() && after.equals(before)) {
                unchanged++;
                continue;
            }
            String from = before.map(s -> s.phase() + " epoch " + s.epoch()).orElse("(new)");
            String to = after.map(s -> s.phase() + " epoch " + s.epoch()).orElse("(unmanaged)");
            System.out.println((before.isEmpty() ? "  + " : "  ~ ") + stream + ": " + from + " -> " + to);
            notes.forEach(n -> System.out.println("      " + n.who() + ": " + n.what()));
            flags.forEach(f -> System.out.println("      ! would write the flag (" + f.kind() + ") as " + f.who()
                    + ": " + f.why()));
        }
        System.out.println("  " + unchanged + " stream(s) unchanged");
        System.out.println("Work lists now:");
        for (String job : plan.settings().jobs()) {
            Map<String, Integer> counts = new TreeMap<>();
            Views.work(run.end(), job).forEach(item -> counts.merge(item.action().wireName(), 1, Integer::sum));
            System.out.println("  " + job + ": " + (counts.isEmpty() ? "nothing" : counts));
        }
        return 0;
    }

}
