package dev.cutover.controller.cli;

import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.service.FlagWriter;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.Revision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ./cutover promote STREAM}: sets the flag in the writable layer, as an engineer editing config would. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Write the flag for one stream in the writable config layer (the new job leads). The"
                + " controller reacts to the config change: preflight, then the cutover.")
class PromoteCommand implements Callable<Integer> {

    @Mixin
    LayerOptions layer;

    @Parameters(index = "0", description = "The stream, e.g. eventlogging_NavigationTiming.")
    String stream;

    @Option(names = "--who", defaultValue = "${env:USER:-unknown}", description = "Who (default: $USER).")
    String who;

    @Option(names = "--why", description = "Why (audited; default: manual promotion or manual rollback).")
    String why;

    FlagChange.Kind kind() {
        return FlagChange.Kind.PROMOTE;
    }

    String defaultWhy() {
        return "manual promotion (./cutover promote)";
    }

    @Override
    public Integer call() {
        FlagWriter writer = new FlagWriter(OverrideLayer.open(layer.layerFile(), Clock.systemUTC()), layer.settings());
        Optional<Revision> revision = writer.apply(new FlagChange(stream, kind(), who, why == null ? defaultWhy() : why));
        if (revision.isEmpty() || revision.get().isNoop()) {
            System.out.println(stream + ": the override layer already says so; nothing written");
        } else {
            Revision r = revision.get();
            System.out.println(stream + ": " + r.pointer() + " " + r.oldValue().map(Object::toString).orElse("(base)")
                    + " -> " + r.newValue().map(Object::toString).orElse("(base)") + " in " + layer.layerFile()
                    + " (revision " + r.number() + ", by " + who + ")");
        }
        return 0;
    }
}
