package dev.cutover.controller.cli;

import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.ControllerApiClient;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code --url} and {@code --token-file} for commands that talk to a running controller (the protocol's client). The
 * commands that write are operator requests, so the token is the operators' (workers have their own).
 */
final class HttpOptions {

    @Option(names = "--url", defaultValue = "${env:CUTOVER_URL:-http://127.0.0.1:8642}",
            description = "Controller URL (CUTOVER_URL; default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token-file", defaultValue = "${env:CUTOVER_OPERATOR_TOKEN_FILE}",
            description = "The operator token (the controller's --operator-token-file), which override, decommission"
                    + " and accept-override-layer need; reads need no token (CUTOVER_OPERATOR_TOKEN_FILE).")
    String tokenFile;

    ControllerApiClient client() throws IOException {
        Optional<String> token = tokenFile == null || tokenFile.isBlank() ? Optional.empty()
                : Optional.of(Files.readString(Path.of(tokenFile)).trim());
        return new ControllerApiClient(URI.create(url), token, Duration.ofSeconds(30));
    }

    /** The call's failure for a person: no controller there, or what it answered. */
    IOException explain(ApiCallException e) {
        if (e.unreachable()) {
            return new IOException("no controller at " + url + " (start one with './cutover controller ...' or pass"
                    + " --url): " + e.getMessage(), e);
        }
        String problems = e.problems().isEmpty() ? "" : "\n  - " + String.join("\n  - ", e.problems());
        return new IOException(e.getMessage() + problems, e);
    }
}
