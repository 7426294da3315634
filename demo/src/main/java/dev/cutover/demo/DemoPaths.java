package dev.cutover.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the demo keeps everything: the state directory (wiped at start, only when an earlier demo created it) and
 * the fixtures it reads from {@code ../shared} beside the checkout. Every path is absolute and passed explicitly to
 * the worker commands, so nothing depends on a default.
 */
record DemoPaths(Path home, Path state) {

    private static final String MARKER = ".cutover-demo";

    static DemoPaths of(DemoOptions options) {
        return new DemoPaths(options.home().toAbsolutePath().normalize(),
                options.stateDir().toAbsolutePath().normalize());
    }

    /** The real stream config the demo copies into its state directory. */
    Path sampleConfig() {
        return home.resolve("../shared/fixtures/streamconfigs/sample.json").normalize();
    }

    /** The real event schemas (the worker's {@code --schema-repo}). */
    Path schemas() {
        return home.resolve("../shared/fixtures/schemas").normalize();
    }

    Path logs() {
        return state.resolve("logs");
    }

    /** Raw hours the workers see (released one at a time from {@link #staging()}). */
    Path raw() {
        return state.resolve("raw");
    }

    Path staging() {
        return state.resolve("raw-staging");
    }

    /** The workers' state directory: Derby metastore and warehouse. */
    Path worker() {
        return state.resolve("worker");
    }

    /** The controller's state directory: route log and last-known-good config. */
    Path controller() {
        return state.resolve("controller");
    }

    /** The demo's copy of the stream config (the controller's and the workers' {@code --config-source}). */
    Path config() {
        return state.resolve("streams.json");
    }

    Path plan() {
        return state.resolve("demo-plan.yaml");
    }

    /** The writable override layer, as the plan names it. */
    Path overrides() {
        return state.resolve("overrides.json");
    }

    /**
     * Wipes the state directory when an earlier demo created it (refuses any other non-empty directory), copies the
     * stream config and writes the demo's migration plan.
     */
    void prepare() throws IOException {
        for (Path fixture : new Path[] {sampleConfig(), schemas()}) {
            if (!Files.exists(fixture)) {
                throw new IllegalArgumentException(fixture + " is missing: the demo reads the real stream config and"
                        + " schemas from ../shared/fixtures beside the checkout (see the README's Set up)");
            }
        }
        if (Files.exists(state)) {
            boolean ours = Files.exists(state.resolve(MARKER));
            try (Stream<Path> list = Files.list(state)) {
                if (!ours && list.findAny().isPresent()) {
                    throw new IllegalArgumentException(state + " exists and is not a demo directory; pass an empty or"
                            + " new --state-dir");
                }
            }
            try (Stream<Path> walk = Files.walk(state)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(state);
        Files.writeString(state.resolve(MARKER), "created by ./cutover demo; wiped at the next run\n");
        Files.createDirectories(logs());
        Files.createDirectories(raw());
        Files.copy(sampleConfig(), config());
        Files.writeString(plan(), """
                # The demo's migration plan (see migrations/*.yaml for the real clusters).
                cluster: demo
                strategy: incremental
                max_concurrent_cutovers: 2
                order: [%s, %s, %s, %s, %s]
                # page-create and revision-create move together (downstream jobs join them)
                groups:
                  %s: [%s, %s]
                # the new job adds is_wmf_domain to NavigationTiming: an expected difference, not a FAIL
                compare_rules:
                  streams:
                    %s: {added_columns: [%s]}
                # the new job must land each hour at most 40 s after legacy's (page_change's starts 75 s after its input)
                canary: {consecutive_pass_hours: 2, window_hours: 24, timeliness: {margin: 40s}}
                auto_promote: true
                auto_rollback: {enabled: false}
                soak: 1h
                # short write leases: a routing change's new leader waits length + margin before committing
                write_lease: {length: 15s, margin: 2s}
                override_layer: %s
                """.formatted(Demo.NAV, Demo.CREATE, Demo.REVISION, Demo.DELETE, Demo.LATE, Demo.GROUP, Demo.CREATE,
                Demo.REVISION, Demo.NAV, Demo.ADDED_COLUMN, overrides().getFileName()));
    }
}
