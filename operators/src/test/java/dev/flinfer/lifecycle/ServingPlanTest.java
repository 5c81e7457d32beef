package dev.flinfer.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The serving plan: routing by key, promotion and rollback, and its checkpoint form. */
class ServingPlanTest {

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void withoutACanaryEveryRecordGoesToTheServingVersion() {
        ServingPlan plan = ServingPlan.serving(3, false);
        for (int i = 0; i < 1000; i++) {
            assertThat(plan.route(key(i), "p@" + i)).isEqualTo(3);
        }
        assertThat(plan.versions()).containsExactly(3);
    }

    @Test
    void aCanaryTakesItsShareOfKeysAndAKeyAlwaysTheSameVersion() {
        ServingPlan plan = ServingPlan.serving(1, false).withCanary(2, 30);
        int onCanary = 0;
        for (int i = 0; i < 20_000; i++) {
            int version = plan.route(key(i), "unused");
            assertThat(plan.route(key(i), "other")).isEqualTo(version);
            onCanary += version == 2 ? 1 : 0;
        }
        assertThat(onCanary / 20_000.0).isBetween(0.28, 0.32);
        assertThat(plan.versions()).containsExactly(1, 2);
    }

    @Test
    void aCanaryOfNoneOrAllKeysRoutesNoneOrAll() {
        ServingPlan none = ServingPlan.serving(1, false).withCanary(2, 0);
        ServingPlan all = ServingPlan.serving(1, false).withCanary(2, 100);
        for (int i = 0; i < 1000; i++) {
            assertThat(none.route(key(i), "")).isEqualTo(1);
            assertThat(all.route(key(i), "")).isEqualTo(2);
        }
    }

    @Test
    void aRecordWithoutAKeyIsPlacedByItsFallback() {
        assertThat(ServingPlan.bucket(null, "posts/0@17"))
                .isEqualTo(ServingPlan.bucket("posts/0@17".getBytes(StandardCharsets.UTF_8), ""));
        for (int i = 0; i < 1000; i++) {
            assertThat(ServingPlan.bucket(key(i), "")).isBetween(0, 9_999);
        }
    }

    @Test
    void servingAnotherVersionRemembersTheOneBeforeForARollback() {
        ServingPlan plan = ServingPlan.serving(1, true).withServing(2, true).withServing(3, true);
        assertThat(plan.previous()).isEqualTo(2);

        ServingPlan back = plan.rolledBack();
        assertThat(back.serving()).isEqualTo(2);
        assertThat(back.followsLatest()).as("a rollback pins").isFalse();
        assertThat(back.previous()).isEqualTo(1);
        assertThat(back.rolledBack().serving()).isEqualTo(1);
        assertThatThrownBy(() -> back.rolledBack().rolledBack())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void promotingTheCanaryOrShadowVersionEndsTheCanaryOrShadow() {
        ServingPlan canary = ServingPlan.serving(1, false).withCanary(2, 10).withServing(2, false);
        assertThat(canary.canary()).isZero();
        assertThat(canary.canaryPercent()).isZero();
        assertThat(canary.versions()).containsExactly(2);

        ServingPlan shadow = ServingPlan.serving(1, false).withShadow(4).withServing(4, false);
        assertThat(shadow.shadow()).isZero();

        ServingPlan other = ServingPlan.serving(1, false).withShadow(4).withServing(3, false);
        assertThat(other.shadow()).as("a shadow of another version goes on").isEqualTo(4);
    }

    @Test
    void theCheckpointFormRestoresTheSamePlan() {
        ServingPlan plan =
                ServingPlan.serving(1, true)
                        .withServing(2, false)
                        .withCanary(3, 12.5)
                        .withShadow(4)
                        .withRefused(5);
        ServingPlan restored = ServingPlan.fromJson(plan.toJson());
        assertThat(restored).isEqualTo(plan);
        assertThat(restored.serving()).isEqualTo(2);
        assertThat(restored.previous()).isEqualTo(1);
        assertThat(restored.canary()).isEqualTo(3);
        assertThat(restored.canaryPercent()).isEqualTo(12.5);
        assertThat(restored.shadow()).isEqualTo(4);
        assertThat(restored.refused(5)).isTrue();
        assertThat(restored.refused(4)).isFalse();
        for (int i = 0; i < 500; i++) {
            assertThat(restored.route(key(i), "")).isEqualTo(plan.route(key(i), ""));
        }
    }
}
