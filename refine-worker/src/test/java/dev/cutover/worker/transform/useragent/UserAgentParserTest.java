package dev.cutover.worker.transform.useragent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ua_parser.Client;
import ua_parser.Device;
import ua_parser.OS;
import ua_parser.UserAgent;

/**
 * The peer's {@code UAParser} tests (recognition, app version, most popular agents) against ours. The popular agents
 * are {@link PopularAgents}, a sample of the peer's {@code ua_most_popular_test_data.csv}.
 */
class UserAgentParserTest {

    private static final UserAgentParser PARSER = UserAgentParser.shared();

    static Stream<Arguments> popularAgents() {
        return PopularAgents.SAMPLE.stream().map(a -> Arguments.of(a.agent(), a));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("popularAgents")
    void popularAgentsParseAsThePeersTestsExpect(String agent, PopularAgents.Agent expected) {
        assertThat(PARSER.parse(agent)).containsExactlyInAnyOrderEntriesOf(expected.map());
    }

    @Test
    void browserAndOsFamiliesOfThePeersHappyCases() {
        assertThat(PARSER.parse("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:19.0) Gecko/20100101 Firefox/19.0"))
                .contains(entry("os_family", "Ubuntu"), entry("browser_family", "Firefox"));
        assertThat(PARSER.parse("Mozilla/5.0 (iPad; U; CPU OS 3_2_1 like Mac OS X; en-us) AppleWebKit/531.21.10"
                + " (KHTML, like Gecko) Mobile/7B405"))
                .contains(entry("os_family", "iOS"), entry("browser_family", "Mobile Safari UI/WKWebView"));
        assertThat(PARSER.parse("Mozilla/5.0 (iPad; CPU OS 7_0_3 like Mac OS X) AppleWebKit/537.51.1 (KHTML, like"
                + " Gecko) Version/7.0 Mobile/11B511 Safari/9537.53"))
                .contains(entry("os_family", "iOS"), entry("browser_family", "Mobile Safari"));
    }

    @Test
    void anEmptyOrNullAgentIsOtherWithDashesForItsVersions() {
        for (String agent : new String[] {"", null}) {
            assertThat(PARSER.parse(agent)).containsOnly(entry("browser_family", "Other"), entry("browser_major", "-"),
                    entry("os_family", "Other"), entry("os_major", "-"), entry("os_minor", "-"),
                    entry("device_family", "Other"), entry("wmf_app_version", "-"));
        }
    }

    @Test
    void agentsLongerThanFourHundredCharactersAreNotParsedButStillGiveTheirAppVersion() {
        assertThat(PARSER.parse("a".repeat(UserAgentParser.MAX_LENGTH + 10)).values()).containsOnly("-");
        Map<String, String> longApp = PARSER.parse("WikipediaApp/2.7.1 " + "x".repeat(UserAgentParser.MAX_LENGTH));
        assertThat(longApp).contains(entry("browser_family", "-"), entry("device_family", "-"),
                entry("wmf_app_version", "2.7.1"));
        assertThat(PARSER.parse("Mozilla/5.0 (X11; Linux x86_64) " + "x".repeat(360))).containsEntry("os_family", "Linux");
    }

    @Test
    void theAppVersionIsWhatFollowsWikipediaAppUpToTheFirstSpace() {
        assertThat(PARSER.parse("WikipediaApp/2.0-r-2015-04-23 (Android 5.0.1; Phone) Google Play"))
                .containsEntry("wmf_app_version", "2.0-r-2015-04-23");
        assertThat(PARSER.parse("WikipediaApp/4.1.2 (iPhone OS 8.3; Tablet)")).containsEntry("wmf_app_version", "4.1.2");
        assertThat(PARSER.parse("WikipediaApp/2.0-r-2015-04-23")).containsEntry("wmf_app_version", "2.0-r-2015-04-23");
        assertThat(PARSER.parse("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:19.0) Gecko/20100101 Firefox/19.0"))
                .containsEntry("wmf_app_version", "-");
        assertThat(PARSER.parse("Mozilla/5.0 WikipediaApp/4.1.2")).containsEntry("wmf_app_version", "-");
    }

    @Test
    void theMapHasThePeersKeysInTheOrderOfTheHashMapThePeersUdfReturns() {
        Map<String, String> peer = new HashMap<>(8);
        for (String key : List.of("browser_family", "browser_major", "device_family", "os_family", "os_major", "os_minor",
                "wmf_app_version")) {
            peer.put(key, "x");
        }
        assertThat(new ArrayList<>(PARSER.parse("curl/8.0").keySet())).isEqualTo(new ArrayList<>(peer.keySet()))
                .isEqualTo(UserAgentParser.KEYS).doesNotContain("browser_minor");
    }

    @Test
    void valuesTheParserLeavesEmptyOrDashedAreDashesAndAFailingParseIsTheNoValueMap() {
        UserAgentParser sparse = new UserAgentParser(ua -> new Client(new UserAgent("", null, null, null),
                new OS("-", "", null, null, null), new Device(null)), 10);
        assertThat(sparse.parse("anything").values()).containsOnly("-");
        UserAgentParser failing = new UserAgentParser(ua -> {
            throw new IllegalStateException("regex blew up");
        }, 10);
        assertThat(failing.parse("WikipediaApp/1.2 odd")).containsEntry("browser_family", "-")
                .containsEntry("os_family", "-").containsEntry("wmf_app_version", "1.2");
    }

    @Test
    void eachDistinctAgentIsParsedOnceAndRepeatsComeFromTheCache() {
        AtomicInteger parses = new AtomicInteger();
        UserAgentParser counting = new UserAgentParser(ua -> {
            parses.incrementAndGet();
            return new Client(new UserAgent("B", "1", null, null), new OS("O", "2", "3", null, null), new Device("D"));
        }, 100);
        for (int i = 0; i < 50; i++) {
            counting.parse("agent " + (i % 5));
        }
        assertThat(parses).hasValue(5);
        assertThat(counting.parse("agent 1")).containsEntry("browser_family", "B").containsEntry("os_minor", "3");
    }
}
