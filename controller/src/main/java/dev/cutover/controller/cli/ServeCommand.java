package dev.cutover.controller.cli;

import dev.cutover.controller.service.ControllerConfig;
import dev.cutover.controller.service.ControllerService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ./cutover controller}: runs the service until stopped (SIGTERM/SIGINT stop it cleanly). */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Run the cutover controller (HTTP API, poller, reconciler). Every option can also be set by"
                + " its environment variable, e.g. CUTOVER_CONFIG_SOURCE for --config-source.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config-source", defaultValue = "${env:CUTOVER_CONFIG_SOURCE}",
            description = "Stream config: a JSON/YAML file or a MediaWiki api.php URL (CUTOVER_CONFIG_SOURCE).")
    String configSource;

    @Option(names = "--plan", defaultValue = "${env:CUTOVER_PLAN}",
            description = "Migration plan, e.g. migrations/analytics-hadoop.yaml (CUTOVER_PLAN).")
    String plan;

    @Option(names = "--state-dir", defaultValue = "${env:CUTOVER_STATE_DIR}",
            description = "Route log, last-known-good config, override layer (CUTOVER_STATE_DIR; default .cutover).")
    String stateDir;

    @Option(names = "--host", defaultValue = "${env:CUTOVER_HOST}",
            description = "Address to listen on (CUTOVER_HOST; default 0.0.0.0).")
    String host;

    @Option(names = "--port", defaultValue = "${env:CUTOVER_PORT}",
            description = "HTTP port; 0 = any free port (CUTOVER_PORT; default 8642).")
    String port;

    @Option(names = "--poll-interval", defaultValue = "${env:CUTOVER_POLL_INTERVAL}",
            description = "Config poll interval, e.g. 30s (CUTOVER_POLL_INTERVAL).")
    String pollInterval;

    @Option(names = "--resync-interval", defaultValue = "${env:CUTOVER_RESYNC_INTERVAL}",
            description = "Full resync interval, e.g. 5m (CUTOVER_RESYNC_INTERVAL).")
    String resyncInterval;

    @Option(names = "--token-file", defaultValue = "${env:CUTOVER_TOKEN_FILE}",
            description = "Bearer token required for writes (CUTOVER_TOKEN_FILE).")
    String tokenFile;

    @Option(names = "--override-file", defaultValue = "${env:CUTOVER_OVERRIDE_FILE}",
            description = "Writable override layer; overrides the plan's override_layer (CUTOVER_OVERRIDE_FILE).")
    String overrideFile;

    Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("config-source", configSource);
        values.put("plan", plan);
        values.put("state-dir", stateDir);
        values.put("host", host);
        values.put("port", port);
        values.put("poll-interval", pollInterval);
        values.put("resync-interval", resyncInterval);
        values.put("token-file", tokenFile);
        values.put("override-file", overrideFile);
        return values;
    }

    @Override
    public Integer call() throws Exception {
        ControllerConfig config;
        try {
            config = ControllerConfig.fromMap(values());
        } catch (ControllerConfig.InvalidConfigException e) {
            System.err.println("cutover controller: " + e.getMessage());
            return 2;
        }
        ControllerService service;
        try {
            service = ControllerService.start(config, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            System.err.println("cutover controller: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "cutover-shutdown"));
        System.out.println("cutover controller listening on " + service.url() + " (state: " + config.stateDir()
                + "); try: ./cutover status --url " + service.url());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
