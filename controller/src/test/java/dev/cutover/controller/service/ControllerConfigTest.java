package dev.cutover.controller.service;

import dev.cutover.controller.notify.WebhookSettings;
import dev.cutover.streamconfig.source.SourceOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service's settings: defaults, the User-Agent for MediaWiki API sources, every problem at once. */
class ControllerConfigTest {

    @TempDir
    Path dir;

    private Map<String, String> base() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("config-source", "https://meta.wikimedia.org/w/api.php");
        values.put("plan", Files.writeString(dir.resolve("plan.yaml"), "cluster: t\norder: [s]\n").toString());
        values.put("host", "127.0.0.1");
        return values;
    }

    private Path token(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private java.util.List<String> problems(Map<String, String> values) {
        try {
            ControllerConfig.fromMap(values);
            return java.util.List.of();
        } catch (ControllerConfig.InvalidConfigException e) {
            return e.problems();
        }
    }

    @Test
    void anEmptyTokenFileIsRefusedAtStartNamingTheFileAndWhatToPutInIt() throws Exception {
        Map<String, String> values = base();
        Path empty = token("worker-token", " \n");
        Path emptyToo = token("operator-token", "");
        values.put("token-file", empty.toString());
        values.put("operator-token-file", emptyToo.toString());

        assertThat(problems(values)).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("--token-file " + empty + " is empty")
                        .contains("refuse every write", "openssl rand"))
                .anySatisfy(p -> assertThat(p).startsWith("--operator-token-file " + emptyToo + " is empty"));
    }

    @Test
    void workersAndOperatorsHaveTokensOfTheirOwn() throws Exception {
        Map<String, String> values = base();
        values.put("token-file", token("worker-token", "same\n").toString());
        values.put("operator-token-file", token("operator-token", "same").toString());

        assertThat(problems(values)).singleElement().asString()
                .contains("--token-file", "--operator-token-file", "the same token", "a token of their own");

        values.put("operator-token-file", token("operator-token", "other").toString());
        ControllerConfig config = ControllerConfig.fromMap(values);
        assertThat(config.tokenFile()).contains(dir.resolve("worker-token"));
        assertThat(config.operatorTokenFile()).contains(dir.resolve("operator-token"));
    }

    @Test
    void aControllerOnANetworkAddressWithoutATokenRefusesToStartUnlessTheOperatorOptsOut() throws Exception {
        Map<String, String> values = base();
        values.remove("host");

        assertThat(problems(values)).singleElement().asString()
                .startsWith("--host 0.0.0.0 ")
                .contains("no token", "--token-file", "--operator-token-file", "--host 127.0.0.1",
                        "--insecure-no-token");
        values.put("host", "10.64.0.12");
        assertThat(problems(values)).singleElement().asString().startsWith("--host 10.64.0.12 ");

        values.put("insecure-no-token", "true");
        assertThat(ControllerConfig.fromMap(values).insecureNoToken()).isTrue();
        values.put("insecure-no-token", "yes please");
        assertThat(problems(values)).anySatisfy(p -> assertThat(p)
                .contains("--insecure-no-token", "'yes please'", "true or false"));
    }

    @Test
    void aNetworkAddressWithATokenAndALoopbackAddressWithoutOneMayStart() throws Exception {
        Map<String, String> values = base();
        for (String loopback : java.util.List.of("127.0.0.1", "localhost", "127.0.1.1", "::1", "[::1]")) {
            values.put("host", loopback);
            assertThat(problems(values)).as(loopback).isEmpty();
        }
        values.put("host", "0.0.0.0");
        values.put("token-file", token("worker-token", "w").toString());
        assertThat(problems(values)).isEmpty();
        values.remove("token-file");
        values.put("operator-token-file", token("operator-token", "o").toString());
        assertThat(problems(values)).isEmpty();
    }

    @Test
    void userAgentDefaultsToCutoversAndCanNameTheTeam() throws Exception {
        assertThat(ControllerConfig.fromMap(base()).userAgent()).isEqualTo(SourceOptions.DEFAULT_USER_AGENT);
        Map<String, String> values = base();
        values.put("user-agent", "Cutover (data-platform@example.org)");
        assertThat(ControllerConfig.fromMap(values).userAgent()).isEqualTo("Cutover (data-platform@example.org)");
        assertThat(ControllerConfig.envName("user-agent")).isEqualTo("CUTOVER_USER_AGENT");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("plan", dir.resolve("missing.yaml").toString());
        values.put("port", "70000");
        values.put("poll-interval", "soon");
        values.put("token-file", dir.resolve("no-token").toString());
        assertThatThrownBy(() -> ControllerConfig.fromMap(values))
                .isInstanceOfSatisfying(ControllerConfig.InvalidConfigException.class, e -> assertThat(e.problems())
                        .hasSize(5)
                        .anySatisfy(p -> assertThat(p).contains("--config-source").contains("CUTOVER_CONFIG_SOURCE"))
                        .anySatisfy(p -> assertThat(p).contains("missing.yaml").contains("no such file"))
                        .anySatisfy(p -> assertThat(p).contains("70000").contains("out of range"))
                        .anySatisfy(p -> assertThat(p).contains("--poll-interval"))
                        .anySatisfy(p -> assertThat(p).contains("no-token")));
    }

    @Test
    void theContentOfAnExistingPlanIsValidatedInTheSamePassAsTheOptions() throws Exception {
        Map<String, String> values = base();
        Path plan = Files.writeString(dir.resolve("bad-plan.yaml"), "cluster: t\nsoak: forever\ncolour: blue\n");
        values.put("plan", plan.toString());
        values.put("port", "http");

        assertThatThrownBy(() -> ControllerConfig.fromMap(values))
                .isInstanceOfSatisfying(ControllerConfig.InvalidConfigException.class, e -> assertThat(e.problems())
                        .hasSize(4)
                        .anySatisfy(p -> assertThat(p).isEqualTo("--port 'http' is not a number"))
                        .anySatisfy(p -> assertThat(p).startsWith("--plan " + plan + ": order:"))
                        .anySatisfy(p -> assertThat(p).startsWith("--plan " + plan + ": soak:"))
                        .anySatisfy(p -> assertThat(p).startsWith("--plan " + plan + ": unknown key 'colour'")));
    }

    @Test
    void theLoadedPlanResolvesItsOverrideLayerAgainstTheStateDir() throws Exception {
        Map<String, String> values = base();
        Files.writeString(Path.of(values.get("plan")), "cluster: t\norder: [s]\noverride_layer: layer.json\n");
        values.put("state-dir", dir.resolve("state").toString());

        ControllerConfig config = ControllerConfig.fromMap(values);

        assertThat(config.migrationPlan().cluster()).isEqualTo("t");
        assertThat(config.migrationPlan().overrideLayer()).contains(dir.resolve("state").resolve("layer.json"));
    }

    @Test
    void webhooksAreOffByDefaultAndTakeSeveralUrlsWithSlackAsTheDefaultFormat() throws Exception {
        assertThat(ControllerConfig.fromMap(base()).webhooks().enabled()).isFalse();
        Map<String, String> values = base();
        values.put("webhook-url", "https://hooks.slack.com/services/T0/B0/secret, http://127.0.0.1:9000/hook\n");

        WebhookSettings webhooks = ControllerConfig.fromMap(values).webhooks();

        assertThat(webhooks.urls()).containsExactly(URI.create("https://hooks.slack.com/services/T0/B0/secret"),
                URI.create("http://127.0.0.1:9000/hook"));
        assertThat(webhooks.format()).isEqualTo(WebhookSettings.Format.SLACK);
        assertThat(webhooks.maxAttempts()).isEqualTo(WebhookSettings.DEFAULT_MAX_ATTEMPTS);

        values.put("webhook-format", "JSON");
        values.put("webhook-timeout", "3s");
        values.put("webhook-retry-delay", "250ms");
        values.put("webhook-max-attempts", "3");
        webhooks = ControllerConfig.fromMap(values).webhooks();
        assertThat(webhooks.format()).isEqualTo(WebhookSettings.Format.JSON);
        assertThat(webhooks.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(webhooks.retryDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(webhooks.maxAttempts()).isEqualTo(3);
    }

    @Test
    void aWebhookUrlThatIsNotHttpOrHasNoHostOrIsNoUrlIsRefusedWithoutShowingItsSecretPath() throws Exception {
        Map<String, String> values = base();
        values.put("webhook-url", "ftp://files.example.org/secret-path,https:///secret-path,https://x y/secret-path");

        assertThat(problems(values)).hasSize(3)
                .allSatisfy(p -> assertThat(p).startsWith("--webhook-url (CUTOVER_WEBHOOK_URL) URL #")
                        .doesNotContain("secret-path"))
                .anySatisfy(p -> assertThat(p).contains("URL #1 (ftp://files.example.org/...)",
                        "not an http or https URL", "https://hooks.slack.com/services/..."))
                .anySatisfy(p -> assertThat(p).contains("URL #2 (https://...) has no host"))
                .anySatisfy(p -> assertThat(p).contains("URL #3 is not a URL", "separate several with commas"));
    }

    @Test
    void anUnknownWebhookFormatNamesBoth() throws Exception {
        Map<String, String> values = base();
        values.put("webhook-url", "https://hooks.example.org/h");
        values.put("webhook-format", "xml");

        assertThat(problems(values)).singleElement().asString()
                .startsWith("--webhook-format (CUTOVER_WEBHOOK_FORMAT) 'xml' is not a format")
                .contains("slack", "json");
    }

    @Test
    void badWebhookTimeoutsDelaysAndAttemptsAreRefused() throws Exception {
        Map<String, String> values = base();
        values.put("webhook-url", "https://hooks.example.org/h");
        values.put("webhook-timeout", "0s");
        values.put("webhook-retry-delay", "soon");
        values.put("webhook-max-attempts", "0");

        assertThat(problems(values)).hasSize(3)
                .anySatisfy(p -> assertThat(p).startsWith("--webhook-timeout must be positive"))
                .anySatisfy(p -> assertThat(p).startsWith("--webhook-retry-delay: "))
                .anySatisfy(p -> assertThat(p).isEqualTo("--webhook-max-attempts (CUTOVER_WEBHOOK_MAX_ATTEMPTS) '0'"
                        + " is not a number of attempts from 1 (no retry) to 100"));
        values.put("webhook-max-attempts", "many");
        assertThat(problems(values)).anySatisfy(p -> assertThat(p).contains("'many' is not a number of attempts"));
    }

    @Test
    void webhookSettingsWithoutAUrlAreRefusedAsTheySendNothing() throws Exception {
        Map<String, String> values = base();
        values.put("webhook-format", "json");
        values.put("webhook-max-attempts", "2");

        assertThat(problems(values)).containsExactly(
                "--webhook-format is set but no --webhook-url (CUTOVER_WEBHOOK_URL), so nothing would be sent: add"
                        + " the receiver's URL, or drop --webhook-format",
                "--webhook-max-attempts is set but no --webhook-url (CUTOVER_WEBHOOK_URL), so nothing would be sent:"
                        + " add the receiver's URL, or drop --webhook-max-attempts");
    }
}
