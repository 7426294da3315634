package dev.cutover.streamconfig.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

    private final ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.2);

    @Test
    void growsByTheMultiplierUpToTheMaximum() {
        assertThat(backoff.delay(0, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.delay(10, 0.5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.delay(Long.MAX_VALUE, 0.5)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void appliesJitterWithinPlusMinusTheConfiguredShare() {
        assertThat(backoff.delay(2, 0.0)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.delay(2, 0.999)).isBetween(Duration.ofMillis(4790), Duration.ofMillis(4800));
    }

    @Test
    void rejectsNonsensicalSettings() {
        assertThatThrownBy(() -> new ExponentialBackoff(Duration.ZERO, 2, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExponentialBackoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExponentialBackoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
