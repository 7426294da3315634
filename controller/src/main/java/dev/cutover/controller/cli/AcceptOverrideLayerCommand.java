package dev.cutover.controller.cli;

import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.Requests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code ./cutover accept-override-layer --revision N --why TEXT}: tells a controller that holds its config because
 * the override layer is not the version its audit log records nor a later one (an older copy, a copy written to after
 * it was restored, a history rewritten by hand) that this layer is the one to keep. Audited; the held config is then
 * applied, which may roll streams back, and the layer's head is the recorded one from then on.
 */
@Command(name = "accept-override-layer", mixinStandardHelpOptions = true,
        description = "Accept an override layer that went backwards, was replaced or rewritten (deliberate reset;"
                + " audited). The controller then applies it, which may roll promoted streams back.")
final class AcceptOverrideLayerCommand implements Callable<Integer> {

    @Mixin
    HttpOptions http;

    @Option(names = "--revision", required = true,
            description = "The held layer's revision, as '/ready' and './cutover status' problems name it.")
    long revision;

    @Option(names = "--who", defaultValue = "${env:USER:-unknown}", description = "Who asks (default: $USER).")
    String who;

    @Option(names = "--why", required = true, description = "Why (a ticket); goes to the audit log.")
    String why;

    @Override
    public Integer call() throws Exception {
        try {
            http.client().acceptOverrideLayer(new Requests.AcceptOverrideLayer(revision, who, why));
        } catch (ApiCallException e) {
            throw http.explain(e);
        }
        System.out.println("override layer revision " + revision + " accepted; see './cutover events'");
        return 0;
    }
}
