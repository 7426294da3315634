package dev.cutover.controller.cli;

import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.ControllerApiClient;
import dev.cutover.protocol.api.Requests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** Explicit, audited requests to a running controller. */
abstract class RequestCommand implements Callable<Integer> {

    @Mixin
    HttpOptions http;

    @Parameters(index = "0", description = "The stream.")
    String stream;

    @Option(names = "--who", defaultValue = "${env:USER:-unknown}", description = "Who asks (default: $USER).")
    String who;

    @Option(names = "--why", required = true, description = "Why (a ticket, the evidence); goes to the audit log.")
    String why;

    abstract String path();

    abstract void send(ControllerApiClient client, Requests.Operator request) throws ApiCallException;

    @Override
    public Integer call() throws Exception {
        try {
            send(http.client(), new Requests.Operator(who, why));
        } catch (ApiCallException e) {
            throw http.explain(e);
        }
        System.out.println(path() + " request for " + stream + " accepted; see './cutover status' and './cutover events'");
        return 0;
    }

    @Command(name = "override", mixinStandardHelpOptions = true,
            description = "Override a BLOCKED stream's preflight (audited); the cutover then proceeds.")
    static final class OverrideRequest extends RequestCommand {
        @Override
        String path() {
            return "override";
        }

        @Override
        void send(ControllerApiClient client, Requests.Operator request) throws ApiCallException {
            client.override(stream, request);
        }
    }

    @Command(name = "decommission", mixinStandardHelpOptions = true,
            description = "Stop the legacy job for a READY_TO_DECOMMISSION stream and drop its shadow partitions.")
    static final class DecommissionRequest extends RequestCommand {
        @Override
        String path() {
            return "decommission";
        }

        @Override
        void send(ControllerApiClient client, Requests.Operator request) throws ApiCallException {
            client.decommission(stream, request);
        }
    }
}
