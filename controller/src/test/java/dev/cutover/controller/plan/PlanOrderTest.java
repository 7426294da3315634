package dev.cutover.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The plan's order answers like the list it was given, from an index, and cannot be changed. */
class PlanOrderTest {

    @Test
    void answersLikeTheListItWasGiven() {
        List<String> given = List.of("a", "b", "a", "c");
        MigrationPlan plan = MigrationPlan.defaults(given);
        assertThat(plan.order()).isEqualTo(given).hasSameHashCodeAs(given);
        assertThat(given).isEqualTo(plan.order());
        assertThat(plan.lists("a")).isTrue();
        assertThat(plan.lists("d")).isFalse();
        assertThat(plan.order().indexOf("a")).isZero();
        assertThat(plan.order().indexOf("c")).isEqualTo(3);
        assertThat(plan.rank("b")).isEqualTo(1);
        assertThat(plan.rank("d")).isEqualTo(Integer.MAX_VALUE);
        assertThat(plan.order().contains(null)).isFalse();
    }

    @Test
    void isACopyThatCannotBeChanged() {
        List<String> mutable = new ArrayList<>(List.of("a", "b"));
        MigrationPlan plan = MigrationPlan.defaults(mutable);
        mutable.add("c");
        assertThat(plan.order()).containsExactly("a", "b");
        assertThatThrownBy(() -> plan.order().add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> MigrationPlan.defaults(Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class);
    }
}
