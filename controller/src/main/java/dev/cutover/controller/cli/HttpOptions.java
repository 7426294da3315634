package dev.cutover.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.controller.http.ApiJson;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** {@code --url} and {@code --token-file} for commands that talk to a running controller. */
final class HttpOptions {

    @Option(names = "--url", defaultValue = "${env:CUTOVER_URL:-http://127.0.0.1:8642}",
            description = "Controller URL (CUTOVER_URL; default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token-file", defaultValue = "${env:CUTOVER_TOKEN_FILE}",
            description = "Bearer token for writes (CUTOVER_TOKEN_FILE).")
    String tokenFile;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ApiJson.write(body)));
        if (tokenFile != null && !tokenFile.isBlank()) {
            builder.header("Authorization", "Bearer " + Files.readString(Path.of(tokenFile)).trim());
        }
        return send(builder);
    }

    private JsonNode send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException("no controller at " + url + " (start one with './cutover controller ...' or pass"
                    + " --url)", e);
        }
        JsonNode json = ApiJson.MAPPER.readTree(response.body());
        if (response.statusCode() >= 300) {
            throw new IOException("controller at " + url + " answered " + response.statusCode() + ": "
                    + json.path("error").asText(response.body()));
        }
        return json;
    }
}
