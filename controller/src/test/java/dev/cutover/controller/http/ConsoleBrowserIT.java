package dev.cutover.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.controller.model.FlagChange;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.PlanLoader;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.controller.service.FlagWriter;
import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.CompareReport;
import dev.cutover.protocol.EvolvePlan;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkItem;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.LayeredConfigSource;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.SourceOptions;
import dev.cutover.testkit.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web console in a real browser (headless Chromium from the system's packages, see {@link Browser}) against a
 * real controller over the production stream config (220 managed streams) and the production migration plan: the
 * board, a flag flip showing up live, a stream page, and an operator action refused without the operator token.
 * Screenshots go to {@code target/console/}; the README shows the board's.
 */
class ConsoleBrowserIT {

    static final String NAV = "eventlogging_NavigationTiming";
    static final String DELETE = "mediawiki.page-delete";
    static final String CREATE = "mediawiki.page-create";
    static final String TOKEN = "op-s3cret";
    static final String WORKER_TOKEN = "w0rker";
    /** The first of the twelve hours the fake worker refines and compares; the clock is just after the last. */
    static final Hour H0 = Hour.parse("2026-11-20T00");
    static final Path SHOTS = Path.of(System.getProperty("basedir", ".")).resolve("target/console");

    static WebDriver browser;

    @TempDir
    static Path profile;
    @TempDir
    Path dir;
    ControllerService service;
    OverrideLayer layer;
    MigrationPlan plan;
    ApiClient api;
    final MutableClock clock = new MutableClock(H0.plusHours(12).toInstant().plus(Duration.ofMinutes(10)));

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start(profile);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void startController() throws Exception {
        Path config = dir.resolve("streams.json");
        Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/production-all.json"),
                config);
        layer = OverrideLayer.open(dir.resolve("overrides.json"), Clock.systemUTC());
        ConfigTracker tracker = new ConfigTracker(new LayeredConfigSource(
                ConfigSources.open(config.toString(), SourceOptions.defaults()), layer), dir.resolve("config"),
                Clock.systemUTC(), TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(250)));
        Path planFile = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize()
                .resolveSibling("migrations").resolve("analytics-hadoop.yaml");
        plan = PlanLoader.load(planFile, dir.resolve("state"));
        service = ControllerService.start(plan, tracker, Optional.of(layer), new JournalRouteLog(dir.resolve("state")),
                clock, ControllerService.Options.loopback()
                        .withTokens(new WriteTokens(Optional.of(WORKER_TOKEN), Optional.of(TOKEN))));
        api = new ApiClient(service.url(), Optional.of(TOKEN));
        awaitPolling("ready", () -> api.get("/ready").status() == 200);
        feedHours();
    }

    @AfterEach
    void stopController() {
        service.close();
    }

    private void awaitPolling(String what, Callable<Boolean> condition) {
        await(what).atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
            service.pollNow().get();
            return condition.call();
        });
    }

    /**
     * Twelve hours of the plan's first streams refined by both jobs and compared: PASS, but page-delete FAILs (the
     * new job drops a column: a keyed diff and an evolve dry run that would drop it) and page-create passes under
     * a rule for its last hours.
     */
    private void feedHours() throws Exception {
        FakeWorker worker = new FakeWorker(service.url(), Optional.of(WORKER_TOKEN), (s, h) -> Verdict.PASS);
        List<String> streams = plan.order().subList(0, 8);
        for (int n = 0; n < 12; n++) {
            for (String stream : streams) {
                worker.refine("legacy", stream, H0.plusHours(n));
                worker.refine("airflow", stream, H0.plusHours(n));
            }
            service.idle().get();
            for (int round = 0; round < 3; round++) {
                for (String job : List.of("legacy", "airflow")) {
                    List<Report> reports = new ArrayList<>();
                    for (WorkItem item : worker.client().work(job)) {
                        reports.add(item.action() == dev.cutover.protocol.WorkAction.COMPARE ? compare(job, item)
                                : FakeWorker.report(job, item, Verdict.PASS));
                    }
                    if (!reports.isEmpty()) {
                        worker.client().report(reports);
                    }
                }
                service.idle().get();
            }
        }
    }

    private static Report compare(String job, WorkItem item) {
        if (!item.stream().equals(DELETE)) {
            return FakeWorker.report(job, item, Verdict.PASS);
        }
        CompareDetail.KeyedDiff diff = new CompareDetail.KeyedDiff("meta.id", 0, 0, 1250,
                Map.of("page_is_redirect", 1250L), List.of("9f1c2a7e-0c1d-4c7e-9a51-1b2f6d3e8a40",
                "2b7d9e41-5f6a-4b8c-8d2e-7c1a0f9e3b56"));
        EvolvePlan evolve = new EvolvePlan("event", "mediawiki_page_delete", true, List.of(
                new EvolvePlan.Change("page_is_redirect", EvolvePlan.Kind.MISSING_FIELD, "boolean", null)),
                List.of(), "event_airflow");
        CompareDetail detail = new CompareDetail(item.stream(), item.hour(), "mediawiki_page_delete",
                new CompareDetail.Side(item.database(), 1, 4810L, "a1", null, null, null),
                new CompareDetail.Side(item.from(), 1, 4810L, "b2", null, null, null),
                new CompareDetail.SchemaDiff(List.of(), List.of("page_is_redirect"), List.of(), 41), "scan", null,
                Verdict.FAIL, List.of("column page_is_redirect only in event"), List.of(), diff, evolve);
        return new CompareReport(item.id(), job, item.stream(), item.hour(), item.database(), item.from(), "t",
                item.epoch(), ReportStatus.OK, null, 5L, Verdict.FAIL, detail);
    }

    private WebDriverWait waiting(Duration atMost) {
        WebDriverWait wait = new WebDriverWait(browser, atMost, Duration.ofMillis(100));
        // a refresh may replace an element between finding it and reading it: read it again
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /**
     * What the board shows of a stream, read in one script run: the page replaces a row when its stream changes, so
     * an element found before a refresh may be gone after it.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> onBoard(String stream) {
        Object found = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const r = Array.from(document.querySelectorAll('#board tbody tr'))"
                        + ".find(t => t.dataset.stream === arguments[0]);"
                        + "if (!r) return {};"
                        + "const p = r.querySelector('.problem');"
                        + "return {phase: r.dataset.phase, flag: r.querySelector('td.flag').textContent,"
                        + " leader: r.querySelector('.leader').textContent,"
                        + " titles: Array.from(r.querySelectorAll('.strip .v')).map(v => v.title),"
                        + " pass: r.querySelectorAll('.strip .v-P').length,"
                        + " fail: r.querySelectorAll('.strip .v-F').length, problem: p ? p.title : ''};", stream);
        return (Map<String, Object>) found;
    }

    private void openBoard() {
        browser.get(service.url() + "/console/");
        waiting(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#board tbody tr")).size() >= 220);
    }

    @Test
    void theBoardShowsEveryManagedStreamOfTheProductionConfigInPlanOrder() throws Exception {
        int managed = api.get("/v1/streams").json().path("streams").size();
        assertThat(managed).as("managed streams of production-all.json").isEqualTo(220);

        browser.get(service.url() + "/");
        waiting(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#board tbody tr")).size() >= 220);
        assertThat(browser.getCurrentUrl()).endsWith("/console/");
        @SuppressWarnings("unchecked")
        List<List<String>> rows = (List<List<String>>) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return Array.from(document.querySelectorAll('#board tbody tr'))"
                        + ".map(r => [r.dataset.stream, r.querySelector('td.num').textContent]);");
        assertThat(rows).hasSize(220);
        // plan order first: #1 is the pilot, then the plan's order; streams the plan does not list come after
        for (int i = 0; i < plan.order().size(); i++) {
            assertThat(rows.get(i)).containsExactly(plan.order().get(i), String.valueOf(i + 1));
        }
        assertThat(rows.get(plan.order().size()).get(1)).isEmpty();
        // counts per phase at the top
        assertThat(browser.findElement(By.cssSelector("#counts .chip[data-phase='']")).getText()).contains("220");
        assertThat(browser.findElement(By.cssSelector("#counts .chip[data-phase='SHADOW']")).getText())
                .contains("220");
        // the verdict strip: 72 hours; NavigationTiming passed its 12 compared hours, page-delete failed them
        Map<String, Object> nav = onBoard(NAV);
        assertThat((List<?>) nav.get("titles")).hasSize(72).element(72 - 12).isEqualTo(H0 + " PASS");
        assertThat(nav.get("pass")).isEqualTo(12L);
        assertThat(onBoard(DELETE).get("fail")).isEqualTo(12L);
        assertThat(nav.get("leader")).isEqualTo("legacy");
        Browser.screenshot(browser, SHOTS.resolve("board.png"));

        // search by name, then filter by phase
        browser.findElement(By.id("search")).sendKeys("page-");
        waiting(Duration.ofSeconds(5)).until(d -> visibleRows().size() < 220);
        assertThat(visibleRows()).allSatisfy(r -> assertThat(r).contains("page-")).contains(DELETE, CREATE);
        browser.findElement(By.id("search")).clear();
        browser.findElement(By.cssSelector("#counts .chip[data-phase='SHADOW']")).click();
        waiting(Duration.ofSeconds(5)).until(d -> visibleRows().size() == 220);
        browser.findElement(By.cssSelector("#counts .chip[data-phase='SHADOW']")).click();
    }

    @Test
    void theConsoleComesFromThisServerOnlyAndRunsOnlyItsOwnScripts() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String file : List.of("", "index.html", "stream.html", "console.js", "console.css")) {
            java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(service.url() + "/console/" + file)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(file).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(file)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'"));
            assertThat(response.body()).as(file + " loads nothing from elsewhere (no CDN)")
                    .doesNotContain("http://", "https://", "//cdn");
        }
    }

    @Test
    void aStreamNameWithMarkupIsShownAsTextNeverRun() throws Exception {
        String evil = "evil<img src=x onerror=\"document.title='pwned'\">";
        Path config = dir.resolve("streams.json");
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode)
                mapper.readTree(config.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode entry = ((com.fasterxml.jackson.databind.node.ObjectNode)
                tree.path("streams").path(NAV)).deepCopy();
        entry.put("stream", evil);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("streams")).set(evil, entry);
        Files.write(config, mapper.writeValueAsBytes(tree));
        awaitPolling("the stream with markup managed", () -> api.get("/v1/streams").json().path("streams").size() == 221);

        browser.get(service.url() + "/console/?q=evil");
        waiting(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#board tbody tr")).size() >= 221);
        WebElement link = browser.findElement(By.cssSelector("#board tbody tr td.name a[href*='evil']"));
        assertThat(link.getText()).isEqualTo(evil);
        assertThat(browser.findElements(By.cssSelector("#board img"))).isEmpty();
        assertThat(browser.getTitle()).isEqualTo("Cutover · migration board");

        link.click();
        waiting(Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("stream-name"), evil));
        assertThat(browser.findElements(By.cssSelector("main img"))).isEmpty();
        assertThat(browser.getTitle()).isEqualTo("Cutover · " + evil);
        assertThat(browser.findElement(By.id("patch-promote")).getText()).startsWith("{\"evil<img src=x onerror=\\\"");
    }

    @Test
    void anOverrideLayerThatWentBackIsHeldUntilAnOperatorAcceptsItFromTheBoard() throws Exception {
        com.fasterxml.jackson.core.JsonPointer note = com.fasterxml.jackson.core.JsonPointer.compile("/cutover_note");
        Path overrides = dir.resolve("overrides.json");
        layer.set(NAV, note, com.fasterxml.jackson.databind.node.TextNode.valueOf("one"), "alice", "a setting");
        awaitPolling("revision 1 recorded", () -> events().contains("override layer revision 1 applied"));
        Files.copy(overrides, dir.resolve("overrides.r1.json"));
        layer.set(NAV, note, com.fasterxml.jackson.databind.node.TextNode.valueOf("two"), "alice", "again");
        awaitPolling("revision 2 recorded", () -> events().contains("override layer revision 2 applied"));
        Files.copy(dir.resolve("overrides.r1.json"), overrides, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        awaitPolling("the hold", () -> !api.get("/v1/console/board").json().path("layer_hold").isNull());

        openBoard();
        waiting(Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("banner"),
                "Override layer behind"));
        browser.findElement(By.id("accept-revision")).sendKeys("1");
        browser.findElement(By.id("accept-who")).sendKeys("browser-test");
        browser.findElement(By.id("accept-why")).sendKeys("the copy of revision 1 is the one we keep");
        // the form survives the board's refreshes while it is filled in (one refresh every 2 s)
        String before = browser.findElement(By.id("updated")).getText();
        waiting(Duration.ofSeconds(6)).until(d -> !d.findElement(By.id("updated")).getText().equals(before));
        assertThat(browser.findElement(By.id("accept-why")).getAttribute("value"))
                .isEqualTo("the copy of revision 1 is the one we keep");
        browser.findElement(By.id("accept-layer")).click();
        waiting(Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("accept-result"), "refused (401)"));
        assertThat(events()).doesNotContain("the copy of revision 1 is the one we keep");

        WebElement token = browser.findElement(By.id("token"));
        token.sendKeys(TOKEN + "\t");
        browser.findElement(By.id("accept-layer")).click();
        waiting(Duration.ofSeconds(10)).until(d -> d.findElements(By.id("accept-layer")).isEmpty()
                || d.findElement(By.id("accept-result")).getText().contains("accepted (202)"));
        awaitPolling("the hold cleared", () -> api.get("/v1/console/board").json().path("layer_hold").isNull());
        waiting(Duration.ofSeconds(10)).until(d -> d.findElements(By.id("accept-layer")).isEmpty());
        assertThat(api.get("/v1/events?since=0&limit=10000").json().path("events").findValuesAsText("why"))
                .contains("the copy of revision 1 is the one we keep");
    }

    private List<String> events() {
        return api.get("/v1/events?since=0&limit=10000").json().path("events").findValuesAsText("what");
    }

    /** The streams of the board's visible rows, read in one script run. */
    @SuppressWarnings("unchecked")
    private List<String> visibleRows() {
        return (List<String>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#board tbody tr')).filter(r => !r.hidden)"
                        + ".map(r => r.dataset.stream);");
    }

    @Test
    void aFlagFlipShowsOnTheOpenBoardWithinSeconds() {
        openBoard();
        assertThat(onBoard(NAV).get("phase")).isEqualTo("SHADOW");
        long flipped = System.nanoTime();
        new FlagWriter(layer, plan.settings()).apply(new FlagChange(NAV, FlagChange.Kind.PROMOTE, "browser-test",
                "console test: the board follows a flag flip", List.of()));
        // no reload: the page polls the controller, which polls the config
        waiting(Duration.ofSeconds(5)).until(d -> !onBoard(NAV).get("phase").equals("SHADOW"));
        double seconds = (System.nanoTime() - flipped) / 1e9;
        // 12 of the plan's 24 PASS hours: the preflight blocks it, and the board follows the controller there too
        waiting(Duration.ofSeconds(5)).until(d -> onBoard(NAV).get("phase").equals(
                api.get("/v1/streams/" + NAV).json().path("phase").asText()));
        Map<String, Object> nav = onBoard(NAV);
        assertThat(nav.get("phase")).isEqualTo("BLOCKED");
        assertThat(nav.get("flag")).isEqualTo("event");
        assertThat((String) nav.get("problem")).contains("canary evidence insufficient");
        System.out.printf("flag flip on the board after %.2f s%n", seconds);
    }

    @Test
    void aStreamPageShowsItsEvidenceAndRefusesAnActionWithoutTheOperatorToken() throws Exception {
        new FlagWriter(layer, plan.settings()).apply(new FlagChange(DELETE, FlagChange.Kind.PROMOTE, "browser-test",
                "console test: a flip the preflight blocks", List.of()));
        awaitPolling("page-delete blocked", () -> api.get("/v1/streams/" + DELETE).json().path("phase").asText()
                .equals("BLOCKED"));

        browser.get(service.url() + "/console/stream.html?stream=" + DELETE);
        waiting(Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("phase"), "BLOCKED"));
        waiting(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#audit tbody tr")).size() >= 3);
        assertThat(browser.findElement(By.id("stream-name")).getText()).isEqualTo(DELETE);
        assertThat(browser.findElements(By.cssSelector("#strip .v-F"))).hasSize(12);
        assertThat(browser.findElement(By.id("verdicts")).getText()).contains("FAIL", "page_is_redirect 1250",
                "9f1c2a7e-0c1d-4c7e-9a51-1b2f6d3e8a40");
        assertThat(browser.findElement(By.id("preflight")).getText()).contains("page_is_redirect", "MISSING_FIELD",
                "would block");
        assertThat(browser.findElement(By.id("patch-promote")).getText())
                .isEqualTo("{\"" + DELETE + "\": {\"consumers\": {\"analytics_hive_ingestion\": {\"hive_database\":"
                        + " \"event\"}}}}");
        assertThat(browser.findElement(By.id("patch-revert")).getText()).contains("\"event_airflow\"");
        assertThat(browser.findElement(By.id("audit")).getText()).contains("PREFLIGHT -> BLOCKED");
        assertThat(browser.findElements(By.cssSelector("#routes tbody tr"))).hasSize(1);

        // without the operator token: refused, and nothing is audited
        long before = lastSeq();
        browser.findElement(By.id("who")).sendKeys("browser-test");
        browser.findElement(By.id("why")).sendKeys("the dropped column is intended");
        browser.findElement(By.id("override")).click();
        waiting(Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("action-result"), "refused (401)"));
        assertThat(browser.findElement(By.id("action-result")).getText()).contains("needs the operator token");
        assertThat(lastSeq()).isEqualTo(before);
        assertThat(api.get("/v1/streams/" + DELETE).json().path("phase").asText()).isEqualTo("BLOCKED");

        // a wrong token is refused too
        WebElement token = browser.findElement(By.id("token"));
        token.sendKeys("not-the-token\t");
        browser.findElement(By.id("override")).click();
        waiting(Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("action-result"), "refused (401)"));
        assertThat(lastSeq()).isEqualTo(before);
        Browser.screenshot(browser, SHOTS.resolve("stream-refused.png"));

        // with it: the override goes through and is audited like the CLI's, and the page shows it live
        token.clear();
        token.sendKeys(TOKEN + "\t");
        browser.findElement(By.id("override")).click();
        waiting(Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("action-result"), "accepted (202)"));
        waiting(Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"),
                "the dropped column is intended"));
        JsonNode events = api.get("/v1/events?since=" + before).json().path("events");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("who").asText()).isEqualTo("browser-test");
            assertThat(e.path("stream").asText()).isEqualTo(DELETE);
            assertThat(e.path("why").asText()).isEqualTo("the dropped column is intended");
        });
        browser.navigate().refresh();
        waiting(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#audit tbody tr")).size() >= 3);
        Browser.screenshot(browser, SHOTS.resolve("stream.png"));
    }

    private long lastSeq() {
        JsonNode events = api.get("/v1/events?since=0&limit=10000").json().path("events");
        return events.isEmpty() ? 0 : events.get(events.size() - 1).path("seq").asLong();
    }

    static {
        // Selenium reports its own version checks over the network otherwise; this machine has none
        System.setProperty("SE_AVOID_STATS", "true");
    }
}
