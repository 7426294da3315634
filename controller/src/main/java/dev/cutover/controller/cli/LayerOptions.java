package dev.cutover.controller.cli;

import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.PlanLoader;
import dev.cutover.streamconfig.CutoverSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Finds the writable override layer: {@code --override-file}, else the plan's {@code override_layer}. */
final class LayerOptions {

    @Option(names = "--override-file", defaultValue = "${env:CUTOVER_OVERRIDE_FILE}",
            description = "The writable override layer file (CUTOVER_OVERRIDE_FILE).")
    String overrideFile;

    @Option(names = "--plan", defaultValue = "${env:CUTOVER_PLAN}",
            description = "Migration plan whose override_layer to use (CUTOVER_PLAN).")
    String plan;

    @Option(names = "--state-dir", defaultValue = "${env:CUTOVER_STATE_DIR:-.cutover}",
            description = "State directory; relative override_layer paths resolve against it (CUTOVER_STATE_DIR).")
    String stateDir;

    MigrationPlan loadPlan() {
        if (plan == null || plan.isBlank()) {
            return MigrationPlan.defaults(java.util.List.of());
        }
        return PlanLoader.load(Path.of(plan), Path.of(stateDir));
    }

    CutoverSettings settings() {
        return loadPlan().settings();
    }

    Path layerFile() {
        if (overrideFile != null && !overrideFile.isBlank()) {
            return Path.of(overrideFile);
        }
        return loadPlan().overrideLayer().orElseThrow(() -> new IllegalArgumentException(
                "no writable override layer: pass --override-file FILE or --plan PLAN with an override_layer"));
    }
}
