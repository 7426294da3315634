package dev.cutover.controller.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how notifications are sent: the receivers' URLs (none: notifications are off), the body's format, each
 * request's timeout, the retries (up to {@code maxAttempts} attempts in all, waiting {@code retryDelay} doubled after
 * each failure up to {@code maxRetryDelay}, with jitter), how many deliveries may wait per receiver (the oldest is
 * dropped beyond) and how often the published state is compared.
 */
public record WebhookSettings(List<URI> urls, Format format, Duration timeout, Duration retryDelay,
                              Duration maxRetryDelay, int maxAttempts, int queueCapacity, Duration interval) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_ATTEMPTS = 6;

    /** No receiver: nothing is derived or sent. */
    public static final WebhookSettings NONE = new WebhookSettings(List.of(), Format.SLACK, DEFAULT_TIMEOUT,
            DEFAULT_RETRY_DELAY, Duration.ofMinutes(5), DEFAULT_MAX_ATTEMPTS, 1000, Duration.ofSeconds(1));

    /** The body a receiver gets. */
    public enum Format {
        /** Slack-compatible: {@code {"text": "..."}} (mrkdwn), which Mattermost and Rocket.Chat hooks take too. */
        SLACK,
        /** {@code {"id", "kind", "stream", "phase", "hour", "text", "at", "controller"}}. */
        JSON;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The format named {@code text} (slack or json, any case), if any. */
        public static Optional<Format> parse(String text) {
            for (Format f : values()) {
                if (f.wireName().equalsIgnoreCase(text.trim())) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    public WebhookSettings {
        urls = List.copyOf(urls);
        Objects.requireNonNull(format, "format");
        if (maxAttempts < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("maxAttempts and queueCapacity must be at least 1");
        }
    }

    /** {@link #NONE} with these receivers and format. */
    public static WebhookSettings of(List<URI> urls, Format format) {
        return NONE.withUrls(urls).withFormat(format);
    }

    public boolean enabled() {
        return !urls.isEmpty();
    }

    public WebhookSettings withUrls(List<URI> value) {
        return new WebhookSettings(value, format, timeout, retryDelay, maxRetryDelay, maxAttempts, queueCapacity,
                interval);
    }

    public WebhookSettings withFormat(Format value) {
        return new WebhookSettings(urls, value, timeout, retryDelay, maxRetryDelay, maxAttempts, queueCapacity,
                interval);
    }

    public WebhookSettings withTimeout(Duration value) {
        return new WebhookSettings(urls, format, value, retryDelay, maxRetryDelay, maxAttempts, queueCapacity,
                interval);
    }

    /** Retries: {@code attempts} in all, the first retry after {@code delay}, doubled up to {@code max}. */
    public WebhookSettings withRetries(Duration delay, Duration max, int attempts) {
        return new WebhookSettings(urls, format, timeout, delay, max, attempts, queueCapacity, interval);
    }

    public WebhookSettings withQueueCapacity(int value) {
        return new WebhookSettings(urls, format, timeout, retryDelay, maxRetryDelay, maxAttempts, value, interval);
    }

    public WebhookSettings withInterval(Duration value) {
        return new WebhookSettings(urls, format, timeout, retryDelay, maxRetryDelay, maxAttempts, queueCapacity,
                value);
    }

    /**
     * A receiver's URL fit for logs and error messages: scheme, host and port only, since a Slack webhook's path is
     * its secret, e.g. {@code https://hooks.slack.com/...}.
     */
    public static String redact(URI url) {
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/") ? ""
                : "/...";
        return url.getScheme() + "://" + url.getHost() + port + path;
    }
}
