package dev.cutover.worker.transform.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WmfDomainsTest {

    static List<HostCases.Domain> cases() {
        return HostCases.domains();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesIsWmfDomainForEveryHostOfTheCaseTableLikeThePeer(HostCases.Domain c) {
        assertThat(WmfDomains.isWmfHostname(c.host())).isEqualTo(c.isWmfDomain());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesFilterAllowedDomainsForEveryHostOfTheCaseTableLikeThePeer(HostCases.Domain c) {
        assertThat(WmfDomains.isAllowed(c.host())).isEqualTo(c.allowed());
    }

    @Test
    void everyDomainOfThePeersListIsWikimediasBareOrWithSubdomains() {
        assertThat(WmfDomains.DOMAINS).hasSize(18).contains("toolforge.org", "wmcloud.org", "wikifunctions.org");
        for (String d : WmfDomains.DOMAINS) {
            assertThat(WmfDomains.isWmfHostname(d)).as(d).isTrue();
            assertThat(WmfDomains.isWmfHostname("a.b." + d)).as(d).isTrue();
        }
    }

    @Test
    void comparesOnlyTheLastTwoLabelsAfterLowerCasingAndCuttingTrailingDots() {
        assertThat(WmfDomains.isWmfHostname("EN.M.WikiPedia.ORG.")).isTrue();
        assertThat(WmfDomains.isWmfHostname("wikipedia.org.evil.com")).isFalse();
        assertThat(WmfDomains.isWmfHostname("evil-wikipedia.org")).isFalse();
        assertThat(WmfDomains.isWmfHostname("wikipedia..org")).isFalse();
        assertThat(WmfDomains.isWmfHostname("...")).isFalse();
    }

    @Test
    void doesNotCutAPortOrBlanksAsThePeerDoesNot() {
        assertThat(WmfDomains.isWmfHostname("en.wikipedia.org:443")).isFalse();
        assertThat(WmfDomains.isWmfHostname("en.wikipedia.org ")).isFalse();
        assertThat(WmfDomains.isWmfHostname(" en.wikipedia.org")).isTrue();
    }

    @Test
    void aHostLongerThan800CharactersIsNeverWikimedias() {
        String suffix = ".wikipedia.org";
        String longest = "a".repeat(WmfDomains.MAX_HOST_LENGTH - suffix.length()) + suffix;
        assertThat(longest).hasSize(800);
        assertThat(WmfDomains.isWmfHostname(longest)).isTrue();
        assertThat(WmfDomains.isWmfHostname("a" + longest)).isFalse();
        assertThat(WmfDomains.isAllowed("a" + longest)).isFalse();
    }

    @Test
    void aNullHostIsNotWikimedias() {
        assertThat(WmfDomains.isWmfHostname(null)).isFalse();
    }

    @Test
    void theFilterKeepsRowsWithoutADomain() {
        assertThat(WmfDomains.isAllowed(null)).isTrue();
        assertThat(WmfDomains.isAllowed("")).isTrue();
        assertThat(WmfDomains.isAllowed(" ")).isFalse();
    }

    @Test
    void theFilterKeepsTranslateGoogleAnywhereInAnyCaseWithItsDotAsAWildcard() {
        for (String d : List.of("translate.google.com", "TRANSLATE.GOOGLE.DE", "x.translate.google", "translatexgoogle.evil")) {
            assertThat(WmfDomains.isAllowed(d)).as(d).isTrue();
        }
        assertThat(WmfDomains.isAllowed("en-wikipedia-org.translate.goog")).isFalse();
        assertThat(WmfDomains.isAllowed("translate..google")).isFalse();
    }

    @Test
    void theFilterDropsEveryOtherDomainThatIsNotWikimedias() {
        for (String d : List.of("canary", "invalid.hostname.org", "en-wiki.org", "ro.m.wikibooks", "192.168.0.1")) {
            assertThat(WmfDomains.isAllowed(d)).as(d).isFalse();
        }
        assertThat(WmfDomains.isAllowed("recommend.toolforge.org")).isTrue();
    }
}
