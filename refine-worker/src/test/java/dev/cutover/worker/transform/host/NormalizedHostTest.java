package dev.cutover.worker.transform.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NormalizedHostTest {

    static List<HostCases.Normalize> cases() {
        return HostCases.normalize();
    }

    private static NormalizedHost host(String family, String project, List<String> qualifiers, String tld) {
        return new NormalizedHost(Optional.ofNullable(family), Optional.ofNullable(project), qualifiers,
                Optional.ofNullable(tld));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalizesEveryHostOfTheCaseTableLikeThePeer(HostCases.Normalize c) {
        NormalizedHost parsed = NormalizedHost.parse(c.host());

        assertThat(parsed).isEqualTo(new NormalizedHost(c.projectFamily(), c.project(), c.qualifiers(), c.tld()));
        assertThat(parsed.projectClass()).isEqualTo(c.projectFamily());
    }

    @Test
    void theCaseTableHoldsEveryRowOfThePeersCsvAndItsNullAndEmptyHosts() {
        assertThat(cases()).filteredOn(c -> c.origin().equals("peer-csv")).extracting(HostCases.Normalize::host)
                .containsExactly("192.168.0.1", "wikipedia", "Wikipedia.org", "Wikipedia.org:80", "en.wikipedia.org",
                        "EN..wikipedia.org", "www.wikipedia.org", "m.wikidata.org", "en.m.wikipedia.org",
                        "www.m.wikipedia.org", "en.ZERO.wikipedia.org", "en.Mobile.ZERO.wikipedia.org", ".");
        assertThat(cases()).filteredOn(c -> c.origin().equals("peer-test")).extracting(HostCases.Normalize::host)
                .containsExactly(null, "");
    }

    @Test
    void cutsThePortOffBeforeSplitting() {
        assertThat(NormalizedHost.parse("Wikipedia.org:80")).isEqualTo(host("wikipedia", null, List.of(), "org"));
        assertThat(NormalizedHost.parse("en.wikipedia.org:443")).isEqualTo(host("wikipedia", "en", List.of(), "org"));
        assertThat(NormalizedHost.parse("localhost:8080")).isEqualTo(NormalizedHost.NONE);
    }

    @Test
    void collapsesRunsOfDotsAndSlashesSoThatEmptyLabelsDisappear() {
        NormalizedHost en = host("wikipedia", "en", List.of(), "org");
        assertThat(NormalizedHost.parse("EN..wikipedia.org")).isEqualTo(en);
        assertThat(NormalizedHost.parse("en//wikipedia.org")).isEqualTo(en);
        assertThat(NormalizedHost.parse("en./.wikipedia.org..")).isEqualTo(en);
        assertThat(NormalizedHost.parse(".")).isEqualTo(NormalizedHost.NONE);
    }

    @Test
    void keepsAnEmptyFirstLabelWhenTheHostStartsWithASeparatorAsThePeerDoes() {
        assertThat(NormalizedHost.parse(".wikipedia.org")).isEqualTo(host("wikipedia", "", List.of(), "org"));
    }

    @Test
    void givesNoValueForIpAddressesSingleLabelsAndAllDigitTlds() {
        for (String h : List.of("192.168.0.1", "wikipedia", "canary", "wikipedia.123", "2001:db8::1", "[2001:db8::1]:443")) {
            assertThat(NormalizedHost.parse(h)).as(h).isEqualTo(NormalizedHost.NONE);
        }
        assertThat(NormalizedHost.parse("wikipedia.o1g").tld()).contains("o1g");
    }

    @Test
    void givesNoValueForNullEmptyAndBlankHosts() {
        for (String h : new String[]{null, "", "   ", "\t"}) {
            assertThat(NormalizedHost.parse(h)).as("[%s]", h).isEqualTo(NormalizedHost.NONE);
        }
        assertThat(NormalizedHost.NONE.qualifiers()).isEmpty();
    }

    @Test
    void dropsALeadingWwwInsteadOfMakingItTheProject() {
        assertThat(NormalizedHost.parse("www.wikipedia.org")).isEqualTo(host("wikipedia", null, List.of(), "org"));
        assertThat(NormalizedHost.parse("www.mediawiki.org")).isEqualTo(host("mediawiki", null, List.of(), "org"));
        assertThat(NormalizedHost.parse("www.m.wikipedia.org")).isEqualTo(host("wikipedia", null, List.of("m"), "org"));
        assertThat(NormalizedHost.parse("www.www.wikipedia.org").qualifiers()).containsExactly("www");
    }

    @Test
    void takesAKnownQualifierInFirstPlaceAsAQualifierNotTheProject() {
        assertThat(NormalizedHost.parse("m.wikidata.org")).isEqualTo(host("wikidata", null, List.of("m"), "org"));
        for (String q : List.of("m", "mobile", "wap", "zero", "download")) {
            assertThat(NormalizedHost.parse(q + ".wikipedia.org")).as(q)
                    .isEqualTo(host("wikipedia", null, List.of(q), "org"));
        }
        assertThat(NormalizedHost.parse("m.en.wikipedia.org")).isEqualTo(host("wikipedia", null, List.of("m", "en"), "org"));
    }

    @Test
    void keepsEveryLabelBetweenTheFirstAndTheFamilyAsAQualifierInOrder() {
        assertThat(NormalizedHost.parse("en.Mobile.ZERO.wikipedia.org"))
                .isEqualTo(host("wikipedia", "en", List.of("mobile", "zero"), "org"));
        assertThat(NormalizedHost.parse("a.b.c.wikipedia.org")).isEqualTo(host("wikipedia", "a", List.of("b", "c"), "org"));
    }

    @Test
    void needsThreeLabelsForAProject() {
        assertThat(NormalizedHost.parse("Wikipedia.org")).isEqualTo(host("wikipedia", null, List.of(), "org"));
        assertThat(NormalizedHost.parse("en.wikipedia.org")).isEqualTo(host("wikipedia", "en", List.of(), "org"));
    }

    @Test
    void lowerCasesButDoesNotTrimBlanksInsideTheHost() {
        assertThat(NormalizedHost.parse("EN.WIKIPEDIA.ORG")).isEqualTo(host("wikipedia", "en", List.of(), "org"));
        assertThat(NormalizedHost.parse(" en.wikipedia.org ")).isEqualTo(host("wikipedia", " en", List.of(), "org "));
    }
}
