package dev.cutover.controller.service;

import dev.cutover.streamconfig.Durations;
import dev.cutover.controller.kafka.KafkaSettings;
import dev.cutover.controller.notify.WebhookSettings;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.PlanLoader;
import dev.cutover.streamconfig.source.SourceOptions;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How the controller service runs: built from a map of option name -> text (command-line flags, each also read
 * from its environment variable {@code CUTOVER_<NAME>}, e.g. {@code config-source} <- {@code CUTOVER_CONFIG_SOURCE}),
 * validated with every problem reported at once, the migration plan's content included (it is loaded here, so a bad
 * option and a bad plan are reported together). With {@code kafka-bootstrap} set the control plane lives on Kafka
 * ({@link KafkaSettings#fromMap}); otherwise on the journal under the state directory. {@code webhook-url} and the
 * other {@code webhook-*} options say where notifications go ({@link WebhookSettings}; none: nowhere).
 */
public record ControllerConfig(String configSource, Path plan, Path stateDir, String host, int port,
                               Duration pollInterval, Duration resyncInterval, Optional<Path> tokenFile,
                               Optional<Path> operatorTokenFile, boolean insecureNoToken, Optional<Path> overrideFile, Optional<KafkaSettings> kafka, String userAgent,
                               MigrationPlan migrationPlan, WebhookSettings webhooks) {

    /** Option holding repeatable {@code key=value} Kafka client settings, one per line (over the properties file). */
    public static final String KAFKA_PROPERTY = "kafka-property";

    public static final int DEFAULT_PORT = 8642;

    /** The environment variable of an option: {@code poll-interval} -> {@code CUTOVER_POLL_INTERVAL}. */
    public static String envName(String option) {
        return "CUTOVER_" + option.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /**
     * @throws InvalidConfigException listing every problem
     */
    public static ControllerConfig fromMap(Map<String, String> values) {
        List<String> problems = new ArrayList<>();
        String source = text(values, "config-source");
        if (source == null) {
            problems.add("--config-source (" + envName("config-source") + ") is required: a stream config file or a"
                    + " MediaWiki API URL");
        }
        Path plan = path(values, "plan");
        if (plan == null) {
            problems.add("--plan (" + envName("plan") + ") is required: a migration plan, e.g."
                    + " migrations/analytics-hadoop.yaml");
        } else if (!Files.isRegularFile(plan)) {
            problems.add("--plan " + plan + ": no such file");
        }
        Path stateDir = Optional.ofNullable(path(values, "state-dir")).orElse(Path.of(".cutover"));
        MigrationPlan migrationPlan = plan != null && Files.isRegularFile(plan) ? plan(plan, stateDir, problems) : null;
        if (Files.exists(stateDir) && !Files.isDirectory(stateDir)) {
            problems.add("--state-dir " + stateDir + " exists and is not a directory");
        }
        String host = Optional.ofNullable(text(values, "host")).orElse("0.0.0.0");
        int port = DEFAULT_PORT;
        String portText = text(values, "port");
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
                if (port < 0 || port > 65535) {
                    problems.add("--port " + portText + " is out of range (0-65535; 0 = any free port)");
                }
            } catch (NumberFormatException e) {
                problems.add("--port '" + portText + "' is not a number");
            }
        }
        Duration poll = duration(values, "poll-interval", Duration.ofSeconds(30), problems);
        Duration resync = duration(values, "resync-interval", Duration.ofMinutes(5), problems);
        Optional<Path> tokenFile = Optional.ofNullable(path(values, "token-file"));
        Optional<Path> operatorTokenFile = Optional.ofNullable(path(values, "operator-token-file"));
        boolean insecureNoToken = flag(values, "insecure-no-token", problems);
        tokenProblems(host, tokenFile, operatorTokenFile, insecureNoToken, problems);
        Optional<Path> overrideFile = Optional.ofNullable(path(values, "override-file"));
        String userAgent = Optional.ofNullable(text(values, "user-agent")).orElse(SourceOptions.DEFAULT_USER_AGENT);
        Optional<KafkaSettings> kafka = KafkaSettings.fromMap(values, problems);
        Map<String, String> clientProperties = kafkaProperties(text(values, KAFKA_PROPERTY), problems);
        kafka = kafka.map(k -> {
            Map<String, String> merged = new TreeMap<>(k.clientProperties());
            merged.putAll(clientProperties);
            return k.withClientProperties(merged);
        });
        WebhookSettings webhooks = webhooks(values, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new ControllerConfig(source, plan, stateDir, host, port, poll, resync, tokenFile, operatorTokenFile,
                insecureNoToken, overrideFile, kafka, userAgent, migrationPlan, webhooks);
    }

    /**
     * Notifications: {@code webhook-url} (one or more http(s) URLs, comma- or line-separated; none: off), {@code
     * webhook-format} (slack or json), {@code webhook-timeout}, {@code webhook-retry-delay} (the first retry's; it
     * doubles up to 5 minutes) and {@code webhook-max-attempts}. A URL is never shown whole in a message: a Slack
     * webhook's path is its secret.
     */
    private static WebhookSettings webhooks(Map<String, String> values, List<String> problems) {
        List<URI> urls = new ArrayList<>();
        String list = text(values, "webhook-url");
        int n = 0;
        for (String item : list == null ? new String[0] : list.split("[,\n]")) {
            if (item.isBlank()) {
                continue;
            }
            n++;
            String which = "--webhook-url (" + envName("webhook-url") + ") URL #" + n;
            try {
                URI url = new URI(item.trim());
                String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
                if (!scheme.equals("https") && !scheme.equals("http")) {
                    problems.add(which + " (" + (url.getHost() == null ? "no scheme" : WebhookSettings.redact(url))
                            + ") is not an http or https URL: notifications are POSTed; give the receiver's full URL,"
                            + " e.g. Slack's https://hooks.slack.com/services/...");
                } else if (url.getHost() == null) {
                    problems.add(which + " (" + scheme + "://...) has no host: give the receiver's full URL, e.g."
                            + " https://hooks.slack.com/services/...");
                } else {
                    urls.add(url);
                }
            } catch (java.net.URISyntaxException e) {
                problems.add(which + " is not a URL (" + e.getReason() + " at index " + e.getIndex() + "): give the"
                        + " receiver's full URL, e.g. https://hooks.slack.com/services/...; separate several with"
                        + " commas");
            }
        }
        WebhookSettings.Format format = WebhookSettings.Format.SLACK;
        String formatText = text(values, "webhook-format");
        if (formatText != null) {
            format = WebhookSettings.Format.parse(formatText).orElse(null);
            if (format == null) {
                problems.add("--webhook-format (" + envName("webhook-format") + ") '" + formatText + "' is not a"
                        + " format: write slack (Slack-compatible {\"text\": ...}, the default) or json (the"
                        + " notification's fields: id, kind, stream, phase, hour, text, at, controller)");
                format = WebhookSettings.Format.SLACK;
            }
        }
        Duration timeout = duration(values, "webhook-timeout", WebhookSettings.DEFAULT_TIMEOUT, problems);
        Duration retryDelay = duration(values, "webhook-retry-delay", WebhookSettings.DEFAULT_RETRY_DELAY, problems);
        int attempts = WebhookSettings.DEFAULT_MAX_ATTEMPTS;
        String attemptsText = text(values, "webhook-max-attempts");
        if (attemptsText != null) {
            try {
                attempts = Integer.parseInt(attemptsText);
            } catch (NumberFormatException e) {
                attempts = 0;
            }
            if (attempts < 1 || attempts > 100) {
                problems.add("--webhook-max-attempts (" + envName("webhook-max-attempts") + ") '" + attemptsText
                        + "' is not a number of attempts from 1 (no retry) to 100");
                attempts = WebhookSettings.DEFAULT_MAX_ATTEMPTS;
            }
        }
        if (urls.isEmpty() && n == 0) {
            for (String option : List.of("webhook-format", "webhook-timeout", "webhook-retry-delay",
                    "webhook-max-attempts")) {
                if (text(values, option) != null) {
                    problems.add("--" + option + " is set but no --webhook-url (" + envName("webhook-url") + "), so"
                            + " nothing would be sent: add the receiver's URL, or drop --" + option);
                }
            }
        }
        Duration maxDelay = retryDelay.compareTo(Duration.ofMinutes(5)) > 0 ? retryDelay : Duration.ofMinutes(5);
        return WebhookSettings.of(urls, format).withTimeout(timeout).withRetries(retryDelay, maxDelay, attempts);
    }

    /**
     * Least privilege: a token file must hold a token, the workers' and the operators' differ, and a controller that
     * listens beyond this machine has a token unless the operator opted out explicitly.
     */
    private static void tokenProblems(String host, Optional<Path> worker, Optional<Path> operator, boolean insecure,
                                      List<String> problems) {
        Optional<String> workerToken = token("token-file", worker, "the workers' token", problems);
        Optional<String> operatorToken = token("operator-token-file", operator, "the operators' token", problems);
        if (workerToken.isPresent() && workerToken.equals(operatorToken)) {
            problems.add("--token-file " + worker.get() + " and --operator-token-file " + operator.get() + " hold the"
                    + " same token, so every worker could override, decommission and accept: give operators a token"
                    + " of their own");
        }
        if (worker.isEmpty() && operator.isEmpty() && !insecure && !loopback(host)) {
            problems.add("--host " + host + " listens beyond this machine and no token is set, so anyone who reaches"
                    + " the port could post reports and override or decommission streams: give the workers' token"
                    + " with --token-file (" + envName("token-file") + ") and the operators' with"
                    + " --operator-token-file (" + envName("operator-token-file") + "), listen on --host 127.0.0.1,"
                    + " or run without tokens anyway with --insecure-no-token (" + envName("insecure-no-token")
                    + "=true)");
        }
    }

    /** The token in {@code file} (trimmed), or a problem when it cannot be read or is empty. */
    private static Optional<String> token(String option, Optional<Path> file, String what, List<String> problems) {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path f = file.get();
        if (!Files.isReadable(f) || Files.isDirectory(f)) {
            problems.add("--" + option + " " + f + ": not a readable file");
            return Optional.empty();
        }
        try {
            String token = Files.readString(f).trim();
            if (token.isEmpty()) {
                problems.add("--" + option + " " + f + " is empty: an empty token would refuse every write; put "
                        + what + " in it (e.g. openssl rand -hex 32 > " + f + ")");
                return Optional.empty();
            }
            return Optional.of(token);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            problems.add("--" + option + " " + f + ": cannot be read (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** Whether {@code host} is reachable from this machine only: localhost, 127.0.0.0/8 or ::1. */
    static boolean loopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}")
                || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    private static boolean flag(Map<String, String> values, String key, List<String> problems) {
        String value = text(values, key);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        problems.add("--" + key + " (" + envName(key) + ") '" + value + "' is neither true nor false; write true or"
                + " false");
        return false;
    }

    /** The plan's content, validated in the same pass as the options (its problems join theirs); null if invalid. */
    private static MigrationPlan plan(Path file, Path stateDir, List<String> problems) {
        try {
            return PlanLoader.load(file, stateDir);
        } catch (PlanLoader.InvalidPlanException e) {
            e.problems().forEach(p -> problems.add("--plan " + file + ": " + p));
            return null;
        }
    }

    private static Map<String, String> kafkaProperties(String lines, List<String> problems) {
        Map<String, String> properties = new TreeMap<>();
        if (lines == null) {
            return properties;
        }
        for (String line : lines.split("\n")) {
            int eq = line.indexOf('=');
            if (line.isBlank()) {
                continue;
            }
            if (eq <= 0) {
                problems.add("--kafka-property '" + line.trim() + "' is not key=value (e.g. --kafka-property"
                        + " security.protocol=SASL_SSL)");
            } else {
                properties.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return properties;
    }

    private static String text(Map<String, String> values, String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Path path(Map<String, String> values, String key) {
        String value = text(values, key);
        return value == null ? null : Path.of(value);
    }

    private static Duration duration(Map<String, String> values, String key, Duration fallback, List<String> problems) {
        String value = text(values, key);
        if (value == null) {
            return fallback;
        }
        try {
            Duration d = Durations.parse(value);
            if (d.isZero() || d.isNegative()) {
                problems.add("--" + key + " must be positive (got " + value + ")");
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add("--" + key + ": " + e.getMessage());
            return fallback;
        }
    }

    /** Configuration that cannot be used; {@link #problems()} lists every problem. */
    public static final class InvalidConfigException extends IllegalArgumentException {
        private final List<String> problems;

        public InvalidConfigException(List<String> problems) {
            super("invalid configuration:\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
