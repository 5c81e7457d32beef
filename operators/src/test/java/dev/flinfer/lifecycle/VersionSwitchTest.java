package dev.flinfer.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.lifecycle.ModelCommand.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class VersionSwitchTest {

    /** Opens "engine-N"; versions in {@code broken} fail; loads wait for {@code gate}. */
    static final class FakeVersions implements VersionSwitch.Versions<String> {
        final Set<Integer> broken;
        final CountDownLatch gate = new CountDownLatch(1);
        final List<String> closed = new CopyOnWriteArrayList<>();
        final List<Integer> opened = new CopyOnWriteArrayList<>();

        FakeVersions(Set<Integer> broken) {
            this.broken = broken;
        }

        @Override
        public String open(int version) throws Exception {
            if (!opened.isEmpty()) {
                gate.await(10, TimeUnit.SECONDS);
            }
            opened.add(version);
            if (broken.contains(version)) {
                throw new IllegalStateException("graph of version " + version + " is corrupt");
            }
            return "engine-" + version;
        }

        @Override
        public void close(String engine) {
            closed.add(engine);
        }
    }

    private static List<ModelEvent> boundaryUntil(VersionSwitch<String> versions, String type)
            throws InterruptedException {
        List<ModelEvent> seen = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            seen.addAll(versions.boundary());
            if (seen.stream().anyMatch(event -> event.type().equals(type))) {
                return seen;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + type + " event in " + seen);
    }

    @Test
    void aNewVersionServesOnlyOnceLoadedAndTheOldClosesAfterItsLastRecord() throws Exception {
        FakeVersions fake = new FakeVersions(Set.of());
        try (VersionSwitch<String> versions =
                new VersionSwitch<>("m", ServingPlan.serving(1, false), fake, "test-loader")) {
            versions.start(List.of());
            VersionSwitch.Use<String> inFlight = versions.use(1);
            List<ModelEvent> events = versions.command(new ModelCommand(Action.SERVE, "m", 2, 0));
            assertThat(events).extracting(ModelEvent::type).containsExactly(ModelEvent.LOADING);
            assertThat(versions.boundary()).isEmpty();
            assertThat(versions.plan().serving()).isEqualTo(1);
            assertThat(versions.pendingCommands()).hasSize(1);
            fake.gate.countDown();
            boundaryUntil(versions, ModelEvent.SERVED);
            assertThat(versions.plan().serving()).isEqualTo(2);
            assertThat(versions.plan().previous()).isEqualTo(1);
            // version 1 still runs a record: it stays open
            assertThat(versions.loadedVersions()).contains(1, 2);
            inFlight.release();
            assertThat(versions.boundary())
                    .extracting(ModelEvent::type)
                    .containsExactly(ModelEvent.RETIRED);
            for (int i = 0; i < 100 && fake.closed.isEmpty(); i++) {
                Thread.sleep(20);
            }
            assertThat(fake.closed).containsExactly("engine-1");
        }
    }

    @Test
    void aBrokenVersionIsRefusedAndThePlanStaysAsItWas() throws Exception {
        FakeVersions fake = new FakeVersions(Set.of(3));
        fake.gate.countDown();
        try (VersionSwitch<String> versions =
                new VersionSwitch<>("m", ServingPlan.serving(1, false), fake, "test-loader")) {
            versions.start(List.of());
            versions.command(new ModelCommand(Action.SERVE, "m", 3, 0));
            List<ModelEvent> events = boundaryUntil(versions, ModelEvent.REJECTED);
            ModelEvent rejected =
                    events.stream()
                            .filter(event -> event.type().equals(ModelEvent.REJECTED))
                            .findFirst()
                            .orElseThrow();
            assertThat(rejected.version()).isEqualTo(3);
            assertThat(rejected.reason()).contains("corrupt");
            assertThat(versions.plan().serving()).isEqualTo(1);
            assertThat(versions.plan().refused(3)).isTrue();
            assertThat(versions.pendingCommands()).isEmpty();
        }
    }

    @Test
    void commandsThatCannotApplyAreRefusedWithAReason() {
        FakeVersions fake = new FakeVersions(Set.of());
        try (VersionSwitch<String> versions =
                new VersionSwitch<>("m", ServingPlan.serving(1, false), fake, "test-loader")) {
            versions.start(List.of());
            assertThat(versions.command(new ModelCommand(Action.SERVE, "other", 2, 0)))
                    .extracting(ModelEvent::type)
                    .containsExactly(ModelEvent.COMMAND_REJECTED);
            assertThat(versions.command(new ModelCommand(Action.CANARY, "m", 1, 10)))
                    .extracting(ModelEvent::reason)
                    .containsExactly("version 1 serves already");
            assertThat(versions.command(new ModelCommand(Action.ROLLBACK, "m", 0, 0)))
                    .extracting(ModelEvent::type)
                    .containsExactly(ModelEvent.COMMAND_REJECTED);
            // pinned: a poll's newest version does not load
            assertThat(versions.command(new ModelCommand(Action.NEWEST, "m", 2, 0))).isEmpty();
            assertThat(versions.plan().serving()).isEqualTo(1);
        }
    }

    @Test
    void aCanaryRoutesItsShareOfKeysTheSameWayEveryTime() throws Exception {
        ServingPlan plan = ServingPlan.serving(1, false).withCanary(2, 30);
        int canary = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] key = ("key-" + i).getBytes();
            int version = plan.route(key, "unused");
            assertThat(plan.route(key, "unused")).isEqualTo(version);
            canary += version == 2 ? 1 : 0;
        }
        assertThat(canary).isBetween(2_700, 3_300);
        assertThat(ServingPlan.fromJson(plan.toJson())).isEqualTo(plan);
    }
}
