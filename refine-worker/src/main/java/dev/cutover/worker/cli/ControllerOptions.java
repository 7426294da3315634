package dev.cutover.worker.cli;

import dev.cutover.protocol.api.ControllerApiClient;
import dev.cutover.streamconfig.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How to reach the controller: base URL and an optional bearer token file. */
public final class ControllerOptions {

    @Option(names = "--controller", defaultValue = "${env:CUTOVER_CONTROLLER_URL}",
            description = "Controller base URL, e.g. http://127.0.0.1:8642 (default: $CUTOVER_CONTROLLER_URL)")
    URI controller;

    @Option(names = "--token-file", defaultValue = "${env:CUTOVER_TOKEN_FILE}",
            description = "File holding the controller's bearer token (default: $CUTOVER_TOKEN_FILE)")
    Path tokenFile;

    @Option(names = "--http-timeout", defaultValue = "10s", description = "Timeout of each controller call (default 10s)")
    String httpTimeout;

    boolean configured() {
        return controller != null;
    }

    ControllerApiClient client() {
        if (controller == null) {
            throw new IllegalArgumentException("--controller URL is required");
        }
        if (controller.getScheme() == null || !controller.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("--controller '" + controller + "' is not an http(s) URL");
        }
        Optional<String> token = Optional.empty();
        if (tokenFile != null) {
            try {
                token = Optional.of(Files.readString(tokenFile, StandardCharsets.UTF_8).trim());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --token-file " + tokenFile + ": " + e.getMessage(), e);
            }
        }
        return new ControllerApiClient(controller, token, Durations.parse(httpTimeout, "--http-timeout"));
    }
}
