package dev.cutover.controller.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.protocol.Hour;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The bodies receivers get, the backoff between attempts, and URLs as logs show them. */
class WebhookFormatTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Notification FAIL = new Notification("eventlogging_X|2026-11-20T00|FAIL",
            Notification.Kind.VERDICT_FAIL, "eventlogging_X", "SHADOW", Hour.parse("2026-11-20T00"),
            "eventlogging_X: 2026-11-20T00 FAIL: row counts differ <a & b>", AT);

    @Test
    void slackGetsOneEscapedMrkdwnLine() throws Exception {
        Notification phase = new Notification("audit-7", Notification.Kind.PHASE_CHANGED, "eventlogging_X",
                "PREFLIGHT", null, "eventlogging_X: SHADOW -> PREFLIGHT by controller", AT);

        JsonNode fail = JSON.readTree(WebhookFormat.body(WebhookSettings.Format.SLACK, FAIL, "host-1"));
        JsonNode moved = JSON.readTree(WebhookFormat.body(WebhookSettings.Format.SLACK, phase, "host-1"));

        assertThat(fail.size()).isEqualTo(1);
        assertThat(fail.path("text").asText()).isEqualTo(":rotating_light: *VERDICT_FAIL* `eventlogging_X`:"
                + " 2026-11-20T00 FAIL: row counts differ &lt;a &amp; b&gt; _(cutover controller on host-1)_");
        assertThat(moved.path("text").asText()).isEqualTo(":arrow_right: *PHASE_CHANGED* `eventlogging_X`:"
                + " SHADOW \u2192 PREFLIGHT by controller _(cutover controller on host-1)_");
    }

    @Test
    void theGenericFormatHasEveryFieldAndNullsForWhatDoesNotApply() throws Exception {
        JsonNode body = JSON.readTree(WebhookFormat.body(WebhookSettings.Format.JSON, FAIL, "host-1"));
        Notification layer = new Notification("layer-behind|3|ab", Notification.Kind.HOLD, null, null, null,
                "config held: ...", AT);
        JsonNode held = JSON.readTree(WebhookFormat.body(WebhookSettings.Format.JSON, layer, "host-1"));

        assertThat(body.path("id").asText()).isEqualTo(FAIL.id());
        assertThat(body.path("kind").asText()).isEqualTo("VERDICT_FAIL");
        assertThat(body.path("stream").asText()).isEqualTo("eventlogging_X");
        assertThat(body.path("phase").asText()).isEqualTo("SHADOW");
        assertThat(body.path("hour").asText()).isEqualTo("2026-11-20T00");
        assertThat(body.path("text").asText()).isEqualTo(FAIL.text());
        assertThat(body.path("at").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(body.path("controller").asText()).isEqualTo("host-1");
        assertThat(held.path("stream").isNull()).isTrue();
        assertThat(held.path("hour").isNull()).isTrue();
    }

    @Test
    void theBackoffDoublesUpToItsCapWithHalfToFullJitter() {
        WebhookSettings settings = WebhookSettings.NONE.withRetries(Duration.ofSeconds(1), Duration.ofSeconds(10), 9);

        assertThat(WebhookSender.backoff(settings, 1, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(WebhookSender.backoff(settings, 1, 0.999)).isEqualTo(Duration.ofMillis(1000));
        assertThat(WebhookSender.backoff(settings, 3, 0.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(WebhookSender.backoff(settings, 5, 0.999)).isEqualTo(Duration.ofMillis(9995));
        assertThat(WebhookSender.backoff(settings, 60, 0.0)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aUrlIsLoggedWithoutItsSecretPath() {
        assertThat(WebhookSettings.redact(URI.create("https://hooks.slack.com/services/T0/B0/secret")))
                .isEqualTo("https://hooks.slack.com/...");
        assertThat(WebhookSettings.redact(URI.create("http://127.0.0.1:9000"))).isEqualTo("http://127.0.0.1:9000");
    }
}
