package dev.cutover.controller.http;

import dev.cutover.protocol.ProtocolJson;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A small blocking HTTP client for tests: real requests to the controller on loopback. */
public final class ApiClient {

    public record Response(int status, JsonNode json, String text) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Optional<String> token;

    public ApiClient(String base, Optional<String> token) {
        this.base = base;
        this.token = token;
    }

    public String base() {
        return base;
    }

    public Optional<String> token() {
        return token;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response post(String path, Object body) {
        String json = body instanceof String s ? s : ProtocolJson.write(body);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        return send(builder);
    }

    /** A POST of raw bytes with any content type (uploads, oversized bodies), with the token if any. */
    public Response post(String path, String contentType, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .header("content-type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        return send(builder);
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = ProtocolJson.MAPPER.readTree(response.body());
            } catch (IOException e) {
                // not JSON (metrics)
            }
            return new Response(response.statusCode(), json, response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
