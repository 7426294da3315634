package dev.cutover.controller.cli;

import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.service.FlagWriter;
import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.Responses;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.Revision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./cutover promote STREAM}: sets the flag in the writable layer, as an engineer editing config would. It first
 * asks the controller ({@code --url}) which version of the layer it has recorded and writes only into that version or
 * a later one, so an older or replaced copy of the layer (which the controller holds) is never written to.
 */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Write the flag for one stream in the writable config layer (the new job leads). The"
                + " controller reacts to the config change: preflight, then the cutover. Refused when the layer is"
                + " not the version the controller recorded or a later one (an older or replaced copy).")
class PromoteCommand implements Callable<Integer> {

    @Mixin
    LayerOptions layer;

    @Mixin
    HttpOptions http;

    @Parameters(index = "0", description = "The stream, e.g. eventlogging_NavigationTiming.")
    String stream;

    @Option(names = "--who", defaultValue = "${env:USER:-unknown}", description = "Who (default: $USER).")
    String who;

    @Option(names = "--why", description = "Why (audited; default: manual promotion or manual rollback).")
    String why;

    @Option(names = "--no-controller-check",
            description = "Write without asking the controller which version of the layer it recorded (when no"
                    + " controller runs). A controller that recorded another version still holds the layer.")
    boolean noControllerCheck;

    FlagChange.Kind kind() {
        return FlagChange.Kind.PROMOTE;
    }

    String defaultWhy() {
        return "manual promotion (./cutover promote)";
    }

    @Override
    public Integer call() throws IOException {
        Path file = layer.layerFile();
        Optional<OverrideHead> expected = noControllerCheck ? Optional.empty() : Optional.of(recordedHead(file));
        if (noControllerCheck) {
            System.err.println("not asking a controller which version of " + file + " it recorded"
                    + " (--no-controller-check)");
        }
        FlagWriter writer = new FlagWriter(OverrideLayer.open(file, Clock.systemUTC()), layer.settings());
        Optional<Revision> revision;
        try {
            revision = writer.apply(new FlagChange(stream, kind(), who, why == null ? defaultWhy() : why), expected);
        } catch (OverrideLayer.WriteRefused e) {
            throw new IOException(e.getMessage() + (expected.isPresent() ? " (expected: what the controller at "
                    + http.url + " recorded)" : ""), e);
        }
        if (revision.isEmpty() || revision.get().isNoop()) {
            System.out.println(stream + ": the override layer already says so; nothing written");
        } else {
            Revision r = revision.get();
            System.out.println(stream + ": " + r.pointer() + " " + r.oldValue().map(Object::toString).orElse("(base)")
                    + " -> " + r.newValue().map(Object::toString).orElse("(base)") + " in " + file
                    + " (revision " + r.number() + ", by " + who + ")");
        }
        return 0;
    }

    /** The head of the layer the controller at {@code --url} recorded: the layer must be that version or later. */
    private OverrideHead recordedHead(Path file) throws IOException {
        Responses.Ready ready;
        try {
            ready = http.client().ready();
        } catch (ApiCallException e) {
            throw new IOException("cannot ask the controller at " + http.url + " which version of the override layer"
                    + " it recorded (" + e.getMessage() + "); nothing was written to " + file + ". Point --url"
                    + " (CUTOVER_URL) at the controller that reads this layer, or, when none runs, pass"
                    + " --no-controller-check to write without asking", e);
        }
        Responses.RecordedLayer recorded = ready.overrideLayer();
        if (recorded == null) {
            throw new IOException("the controller at " + http.url + " has no writable override layer, so it would"
                    + " not see a write to " + file + "; nothing was written. Point --url (CUTOVER_URL) at the"
                    + " controller that reads this layer, or pass --no-controller-check to write without asking");
        }
        return new OverrideHead(recorded.revision(), Optional.ofNullable(recorded.hash()));
    }
}
