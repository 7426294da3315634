package dev.cutover.streamconfig.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.streamconfig.ConfigParseException;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotParser;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * MediaWiki's {@code action=streamconfigs} API over {@link HttpClient}.
 *
 * <p>One fetch sends one GET per batch of at most {@link SourceOptions#batchSize()} stream names (one GET
 * for all streams when no names are configured) and merges the answers into one snapshot; if any batch
 * fails, the whole fetch fails and nothing is applied. Requests are conditional (If-None-Match /
 * If-Modified-Since from the previous answers) only when the caller's previous snapshot is the one this
 * source produced last, so a caller that did not apply the last answer (for example a held suspicious
 * shrink) always gets full content back. All batches answering 304 is {@link FetchResult.Unchanged}.
 *
 * <p>Failures: timeouts, connection errors, 429 and 5xx are {@code TRANSIENT} (with the server's
 * Retry-After); 401, 403, 404 and other 4xx, and API-level errors ({@code {"error": ...}}) are
 * {@code PERMANENT}; an empty, truncated, non-JSON or streams-less body is {@code INVALID_CONTENT}. A batch
 * answering {@code "streams": []} (formatversion=2's empty PHP array) has no streams; the merged answer must
 * still have some.
 */
public final class MediaWikiApiSource implements ConfigSource {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final SourceOptions options;
    private final HttpClient client;
    private final Object lock = new Object();
    /** Validators and content of the last successful fetch, per batch; guarded by {@link #lock}. */
    private List<BatchAnswer> lastAnswers = List.of();
    private String lastHash;

    public MediaWikiApiSource(URI base, SourceOptions options) {
        this.base = Objects.requireNonNull(base, "base");
        this.options = Objects.requireNonNull(options, "options");
        this.client = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** What one request produced: an answer (fresh, or the cached one after a 304) or a failure. */
    private sealed interface BatchOutcome permits BatchAnswer, BatchFailure {
    }

    private record BatchAnswer(Optional<String> etag, Optional<String> lastModified, ObjectNode streams)
            implements BatchOutcome {
    }

    private record BatchFailure(FetchResult.Failed failed) implements BatchOutcome {
    }

    /** The request URIs of one fetch, in order (one per batch). */
    public List<URI> requestUris() {
        return ApiUris.forBatches(base, options.streams(), options.batchSize(), options.constraints());
    }

    @Override
    public FetchResult fetch(Optional<Snapshot> previous) {
        synchronized (lock) {
            List<URI> uris = requestUris();
            boolean conditional = previous.isPresent() && previous.get().contentHash().equals(lastHash)
                    && lastAnswers.size() == uris.size();
            List<BatchAnswer> answers = new ArrayList<>();
            boolean anyChanged = false;
            for (int i = 0; i < uris.size(); i++) {
                Optional<BatchAnswer> cached = conditional ? Optional.of(lastAnswers.get(i)) : Optional.empty();
                BatchOutcome outcome = fetchBatch(uris.get(i), cached, label(i, uris.size()));
                if (outcome instanceof BatchFailure failure) {
                    return failure.failed();
                }
                BatchAnswer answer = (BatchAnswer) outcome;
                anyChanged |= cached.map(c -> c != answer).orElse(true);
                answers.add(answer);
            }
            if (!anyChanged) {
                return new FetchResult.Unchanged(options.clock().instant());
            }
            return merge(answers, previous);
        }
    }

    private FetchResult merge(List<BatchAnswer> answers, Optional<Snapshot> previous) {
        ObjectNode streams = JsonNodeFactory.instance.objectNode();
        // no copy: the answers are never changed, and each StreamConfig copies its own settings in
        answers.forEach(a -> streams.setAll(a.streams()));
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("streams", streams);
        Snapshot snapshot;
        try {
            snapshot = SnapshotParser.fromTree(root, describe(), version(answers), options.clock().instant(),
                    previous);
        } catch (ConfigParseException e) {
            return new FetchResult.Failed(e.getMessage(), FetchResult.FailureKind.INVALID_CONTENT, Optional.empty());
        }
        lastAnswers = List.copyOf(answers);
        lastHash = snapshot.contentHash();
        if (previous.isPresent() && previous.get().contentHash().equals(snapshot.contentHash())) {
            return new FetchResult.Unchanged(snapshot.fetchedAt());
        }
        return new FetchResult.Changed(snapshot);
    }

    private static Optional<String> version(List<BatchAnswer> answers) {
        if (answers.stream().allMatch(a -> a.etag().isPresent())) {
            return Optional.of(String.join(",", answers.stream().map(a -> a.etag().orElseThrow()).toList()));
        }
        if (answers.size() == 1) {
            return answers.get(0).lastModified();
        }
        return Optional.empty();
    }

    private BatchOutcome fetchBatch(URI uri, Optional<BatchAnswer> cached, String label) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(options.readTimeout())
                .header("User-Agent", options.userAgent())
                .header("Accept", "application/json")
                .GET();
        cached.flatMap(BatchAnswer::etag).ifPresent(etag -> request.header("If-None-Match", etag));
        cached.flatMap(BatchAnswer::lastModified).ifPresent(date -> request.header("If-Modified-Since", date));
        HttpResponse<byte[]> response;
        // The request timeout covers the wait for the headers; the deadline on the future also covers a body
        // that stalls half-way.
        CompletableFuture<HttpResponse<byte[]>> pending =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        try {
            response = pending.get(options.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return timedOut(label);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                return transientFailure(label + ": could not connect within " + options.connectTimeout().toMillis()
                        + " ms (connect timeout); check that the host is reachable", Optional.empty());
            }
            if (cause instanceof HttpTimeoutException) {
                return timedOut(label);
            }
            return transientFailure(label + ": request failed (" + describe(cause) + ")", Optional.empty());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return transientFailure(label + ": interrupted", Optional.empty());
        }
        return interpret(response, cached, label);
    }

    private BatchOutcome interpret(HttpResponse<byte[]> response, Optional<BatchAnswer> cached, String label) {
        int status = response.statusCode();
        if (status == 304) {
            if (cached.isPresent()) {
                return cached.get();
            }
            return transientFailure(label + ": HTTP 304 to an unconditional request", Optional.empty());
        }
        if (status == 429 || status >= 500) {
            return transientFailure(label + ": HTTP " + status + "",
                    RetryAfter.parse(response.headers().firstValue("Retry-After"), options.clock().instant()));
        }
        if (status == 401 || status == 403 || status == 404) {
            return failure(label + ": HTTP " + status + " (" + (status == 404 ? "not found" : "not allowed")
                    + "); check the URL and the access rights",
                    FetchResult.FailureKind.PERMANENT, Optional.empty());
        }
        if (status != 200) {
            return failure(label + ": unexpected HTTP " + status + "; check the URL",
                    FetchResult.FailureKind.PERMANENT, Optional.empty());
        }
        return parseBody(response, label);
    }

    private BatchOutcome parseBody(HttpResponse<byte[]> response, String label) {
        byte[] body = response.body();
        if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return invalid(label + ": the response is empty; nothing was applied");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return invalid(label + ": the response is not valid JSON (" + e.getOriginalMessage()
                    + "); nothing was applied");
        } catch (IOException e) {
            return invalid(label + ": cannot read the response (" + e.getMessage() + "); nothing was applied");
        }
        if (root == null || !root.isObject()) {
            return invalid(label + ": expected a JSON object with 'streams'; nothing was applied");
        }
        if (root.has("error")) {
            JsonNode error = root.get("error");
            return failure(label + ": the API answered error '" + error.path("code").asText("?") + "': "
                    + error.path("info").asText(error.toString()) + "; check the URL parameters",
                    FetchResult.FailureKind.PERMANENT, Optional.empty());
        }
        JsonNode streams = root.get("streams");
        if (streams != null && streams.isArray() && streams.isEmpty()) {
            // formatversion=2 encodes an empty PHP array as []: none of this batch's names exist. Whether the
            // whole answer has streams is checked once the batches are merged.
            streams = JsonNodeFactory.instance.objectNode();
        }
        if (streams == null || !streams.isObject()) {
            return invalid(label + ": the response has no 'streams' object; nothing was applied");
        }
        return new BatchAnswer(response.headers().firstValue("ETag"), response.headers().firstValue("Last-Modified"),
                (ObjectNode) streams);
    }

    private static BatchFailure transientFailure(String message, Optional<java.time.Duration> retryAfter) {
        return failure(message, FetchResult.FailureKind.TRANSIENT, retryAfter);
    }

    private static BatchFailure failure(String message, FetchResult.FailureKind kind,
                                        Optional<java.time.Duration> retryAfter) {
        return new BatchFailure(new FetchResult.Failed(message, kind, retryAfter));
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private BatchFailure timedOut(String label) {
        return transientFailure(label + ": no complete answer within " + options.readTimeout().toMillis() + " ms"
                + " (read timeout)", Optional.empty());
    }

    private static BatchFailure invalid(String message) {
        return failure(message, FetchResult.FailureKind.INVALID_CONTENT, Optional.empty());
    }

    private String label(int index, int count) {
        return count == 1 ? describe() : describe() + " (request " + (index + 1) + " of " + count + ")";
    }

    @Override
    public String describe() {
        return base.toString();
    }
}
