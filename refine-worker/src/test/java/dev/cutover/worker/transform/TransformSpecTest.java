package dev.cutover.worker.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransformSpecTest {

    @Test
    void parsesNamesArgumentsAndScopes() {
        List<TransformSpec> specs = TransformSpec.parseList(
                "remove_canary_events, deduplicate,drop_columns(event.cacheHost, meta.uri)@eventlogging_NavigationTiming,"
                        + "filter_allowed_domains@/^mediawiki\\./");
        assertThat(specs).hasSize(4);
        assertThat(specs.get(2).args()).containsExactly("event.cacheHost", "meta.uri");
        assertThat(specs.get(2).scope()).contains("eventlogging_NavigationTiming");
        assertThat(specs.get(2).appliesTo("eventlogging_NavigationTiming")).isTrue();
        assertThat(specs.get(2).appliesTo("mediawiki.page-create")).isFalse();
        assertThat(specs.get(3).appliesTo("mediawiki.page-create")).isTrue();
        assertThat(specs.get(0).scope()).isEqualTo(Optional.empty());
    }

    @Test
    void eventTransformsExpandsToThePeersBundleInItsOrderKeepingTheScope() {
        List<TransformSpec> specs = TransformSpec.parseList("drop_columns(meta.uri),event_transforms@/^eventlogging_/");
        assertThat(specs).extracting(TransformSpec::toString).containsExactly("drop_columns(meta.uri)",
                "remove_canary_events@/^eventlogging_/", "deduplicate@/^eventlogging_/", "geocode_ip@/^eventlogging_/",
                "parse_user_agent@/^eventlogging_/", "add_is_wmf_domain@/^eventlogging_/",
                "add_normalized_host@/^eventlogging_/");
        assertThatThrownBy(() -> TransformSpec.parse("event_transforms(/tmp/GeoIP2-City.mmdb)"))
                .hasMessageContaining("takes no arguments").hasMessageContaining("--geoip-db");
    }

    @Test
    void aRegexScopeMayHoldGroupsAndAnArgumentAnAt() {
        List<TransformSpec> specs = TransformSpec.parseList("deduplicate,drop_columns(a@b)@/^(eventlogging_NavigationTiming"
                + "|mediawiki\\.page-create)$/,add_normalized_host@/^(x|y)/");
        assertThat(specs).extracting(TransformSpec::name)
                .containsExactly("deduplicate", "drop_columns", "add_normalized_host");
        assertThat(specs.get(1).args()).containsExactly("a@b");
        assertThat(specs.get(1).scope()).contains("/^(eventlogging_NavigationTiming|mediawiki\\.page-create)$/");
        assertThat(specs.get(1).appliesTo("mediawiki.page-create")).isTrue();
        assertThat(specs.get(1).appliesTo("eventlogging_NavigationTiming")).isTrue();
        assertThat(specs.get(1).appliesTo("mediawiki.page-delete")).isFalse();
        assertThat(specs.get(2).scope()).contains("/^(x|y)/");
        assertThatThrownBy(() -> TransformSpec.parse("drop_columns(a@b")).hasMessageContaining("unbalanced");
    }

    @Test
    void roundTripsThroughToString() {
        String text = "remove_canary_events,drop_columns(a.b,c)@s";
        assertThat(TransformChain.parse(text).toString()).isEqualTo(text);
    }

    @Test
    void rejectsUnknownTransformsWithTheSyntax() {
        assertThatThrownBy(() -> TransformSpec.parseList("remove_canary_events,frobnicate"))
                .hasMessageContaining("frobnicate").hasMessageContaining("unknown transform")
                .hasMessageContaining("name[(arg,...)]");
        assertThatThrownBy(() -> TransformSpec.parseList("drop_columns")).hasMessageContaining("at least one column");
        assertThatThrownBy(() -> TransformSpec.parseList("deduplicate(x)")).hasMessageContaining("no arguments");
    }

    @Test
    void defaultsAreTheDocumentedList() {
        assertThat(TransformChain.defaults().specs()).extracting(TransformSpec::name)
                .containsExactly("remove_canary_events", "deduplicate", "add_normalized_host");
    }
}
