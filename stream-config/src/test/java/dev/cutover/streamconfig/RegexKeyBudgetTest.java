package dev.cutover.streamconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * F9: a regex key that backtracks catastrophically ({@code /^(a+)+\1$/} against 32 characters took about 64 s per
 * lookup) gives up after a step budget, as PHP's preg_match does at its backtrack limit, instead of stalling.
 */
class RegexKeyBudgetTest {

    static final String CATASTROPHIC = "/^(a+)+\\1$/";
    /** 32 characters that the catastrophic key cannot match: every way of splitting the a's is tried. */
    static final String NAME = "a".repeat(31) + "!";
    /** Generous: within budget a give-up takes milliseconds; unbounded, this lookup takes about a minute. */
    static final Duration DEADLINE = Duration.ofSeconds(10);

    static Snapshot snapshot(String... keys) throws ConfigParseException {
        StringBuilder json = new StringBuilder("{\"streams\": {");
        for (int i = 0; i < keys.length; i++) {
            json.append(i == 0 ? "" : ", ").append('"').append(keys[i].replace("\\", "\\\\"))
                    .append("\": {\"schema_title\": \"t").append(i).append("\"}");
        }
        return SnapshotParser.parse(json.append("}}").toString().getBytes(StandardCharsets.UTF_8), "test",
                Optional.empty(), Instant.EPOCH);
    }

    @Test
    void aLookupThroughACatastrophicallyBacktrackingKeyReturnsWithinTheDeadlineAsNoMatch() throws Exception {
        Snapshot snapshot = snapshot(CATASTROPHIC, "/^a+!$/");

        Optional<StreamConfig> found = assertTimeoutPreemptively(DEADLINE, () -> snapshot.lookup(NAME));

        assertThat(found).map(StreamConfig::name).as("PHP: a key that gives up does not match").contains("/^a+!$/");
    }

    @Test
    void aCatastrophicKeyGivesUpOnA32CharacterNameWithinTheDeadlineAndTheResolutionNamesTheKeyAndTheName()
            throws Exception {
        Snapshot snapshot = snapshot(CATASTROPHIC);

        Snapshot.Resolution resolution = assertTimeoutPreemptively(DEADLINE, () -> snapshot.resolve(NAME));

        assertThat(resolution.entry()).isEmpty();
        assertThat(resolution.problems()).singleElement().asString()
                .contains("regex key /^(a+)+\\1$/", "gave up on '" + NAME + "'", "simplify the regex");
        assertThat(snapshot.streams().get(CATASTROPHIC).match(NAME)).isEqualTo(StreamConfig.Match.GAVE_UP);
        assertThat(snapshot.streams().get(CATASTROPHIC).match("aa")).as("short names still decide")
                .isEqualTo(StreamConfig.Match.YES);
    }

    @Test
    void aKeyBeforeTheMatchingOneThatGaveUpIsAProblemOfTheLookupAndAKeyAfterItIsNotTried() throws Exception {
        Snapshot snapshot = snapshot("/^a+!$/", CATASTROPHIC);

        assertThat(snapshot.resolve(NAME).entry()).map(StreamConfig::name).contains("/^a+!$/");
        assertThat(snapshot.resolve(NAME).problems()).isEmpty();
        assertThat(snapshot(CATASTROPHIC, "/^a+!$/").resolve(NAME).problems()).hasSize(1);
    }

    @Test
    void theKeysCheckNamesEveryKeyThatGivesUpOnAKnownNameOnce() throws Exception {
        Snapshot snapshot = snapshot(CATASTROPHIC, "/^mediawiki\\.job\\..+/", "/^swift\\.(.+\\.)?upload-complete$/");

        var problems = assertTimeoutPreemptively(DEADLINE, () -> snapshot.regexKeysGivingUp(
                java.util.List.of("mediawiki.job.refreshLinks", NAME, "a".repeat(40) + "!")));

        assertThat(problems).containsOnlyKeys(CATASTROPHIC);
        assertThat(problems.get(CATASTROPHIC)).contains(NAME);
    }

    @Test
    void theProductionRegexKeysDecideLongNamesWellWithinTheBudget() throws Exception {
        Snapshot snapshot = snapshot("/^mediawiki\\.job\\..+/", "/^swift\\.(.+\\.)?upload-complete$/");
        String longName = "swift." + "eqiad.".repeat(40) + "upload-complete";

        assertThat(snapshot.resolve(longName).entry()).map(StreamConfig::name)
                .contains("/^swift\\.(.+\\.)?upload-complete$/");
        assertThat(snapshot.resolve("mediawiki.job." + "x".repeat(250)).entry()).isPresent();
        assertThat(snapshot.resolve("swift." + "x".repeat(250)).problems()).isEmpty();
    }
}
