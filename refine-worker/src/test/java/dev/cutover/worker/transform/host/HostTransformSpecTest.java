package dev.cutover.worker.transform.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.worker.transform.TransformChain;
import dev.cutover.worker.transform.TransformSpec;
import dev.cutover.worker.transform.Transforms;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostTransformSpecTest {

    @Test
    void theHostTransformsAndTheEventLoggingAliasAreKnownByName() {
        assertThat(Transforms.NAMES).contains("add_normalized_host", "add_is_wmf_domain", "filter_allowed_domains",
                "eventlogging_filter_is_allowed_hostname");
        assertThat(TransformChain.parse("filter_allowed_domains,eventlogging_filter_is_allowed_hostname,"
                + "add_is_wmf_domain,add_normalized_host").specs()).hasSize(4);
    }

    @Test
    void nullForUnknownIsAPerStreamOptionOfBothValueAddingTransforms() {
        List<TransformSpec> specs = TransformSpec.parseList("add_normalized_host(null_for_unknown)@mediawiki.page-delete,"
                + "add_is_wmf_domain(null_for_unknown)@/^eventlogging_/,add_is_wmf_domain");
        assertThat(specs.get(0).args()).containsExactly(NoValue.OPTION);
        assertThat(specs.get(0).appliesTo("mediawiki.page-delete")).isTrue();
        assertThat(specs.get(0).appliesTo("mediawiki.revision-create")).isFalse();
        assertThat(specs.get(1).appliesTo("eventlogging_NavigationTiming")).isTrue();
        assertThat(specs.get(2).args()).isEmpty();
        assertThat(NoValue.fromArgs("add_is_wmf_domain", List.of())).isEqualTo(NoValue.PLACEHOLDER);
        assertThat(NoValue.fromArgs("add_is_wmf_domain", List.of("null_for_unknown"))).isEqualTo(NoValue.NULL);
    }

    @Test
    void hostOptionsRoundTripThroughToString() {
        String text = "add_normalized_host(null_for_unknown)@mediawiki.page-delete,filter_allowed_domains(wiki)@s";
        assertThat(TransformChain.parse(text).toString()).isEqualTo(text);
    }

    @Test
    void anUnknownOptionIsRefusedNamingTheEntryAndTheOnlyOption() {
        assertThatThrownBy(() -> TransformSpec.parseList("add_normalized_host(nulls)@mediawiki.page-delete"))
                .hasMessageContaining("add_normalized_host(nulls)").hasMessageContaining("null_for_unknown")
                .hasMessageContaining("'-'");
        assertThatThrownBy(() -> TransformSpec.parseList("add_is_wmf_domain(null_for_unknown,x)"))
                .hasMessageContaining("add_is_wmf_domain").hasMessageContaining("null_for_unknown");
    }

    @Test
    void anAllowRegexThatIsNotARegexIsRefusedNamingIt() {
        assertThatThrownBy(() -> TransformSpec.parseList("filter_allowed_domains([wiki)"))
                .hasMessageContaining("[wiki").hasMessageContaining("not a regex");
        assertThatThrownBy(() -> TransformSpec.parseList("eventlogging_filter_is_allowed_hostname(a,b)"))
                .hasMessageContaining("eventlogging_filter_is_allowed_hostname").hasMessageContaining("at most one");
    }
}
