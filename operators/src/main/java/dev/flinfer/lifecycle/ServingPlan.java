package dev.flinfer.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Which version serves which record: the serving version, a canary (a fixed share of keys, chosen
 * by a hash of the key, so that a key sees one version for the whole canary) and a shadow (every
 * record runs on it too, its result only compared). Also what a rollback goes back to, whether the
 * plan follows the repository's newest version, and the versions refused, so that a poll does not
 * try them again. Checkpoints carry it as JSON ({@link #toJson}).
 *
 * <pre>{@code
 * ServingPlan plan = ServingPlan.serving(2, true);
 * plan = plan.withCanary(3, 10);
 * int version = plan.route(record.key, record.position());
 * }</pre>
 */
@PublicEvolving
public final class ServingPlan implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Rollbacks remembered. */
    static final int HISTORY = 16;

    private final int serving;
    private final boolean followLatest;
    private final List<Integer> history;
    private final int canary;
    private final double canaryPercent;
    private final int shadow;
    private final Set<Integer> rejected;

    private ServingPlan(
            int serving,
            boolean followLatest,
            List<Integer> history,
            int canary,
            double canaryPercent,
            int shadow,
            Set<Integer> rejected) {
        this.serving = serving;
        this.followLatest = followLatest;
        this.history = List.copyOf(history);
        this.canary = canary;
        this.canaryPercent = canaryPercent;
        this.shadow = shadow;
        this.rejected = Set.copyOf(rejected);
    }

    /** Version {@code version} serves every record; {@code followLatest}: newer ones replace it. */
    public static ServingPlan serving(int version, boolean followLatest) {
        return new ServingPlan(version, followLatest, List.of(), 0, 0, 0, Set.of());
    }

    /** The version serving records outside the canary. */
    public int serving() {
        return serving;
    }

    public boolean followsLatest() {
        return followLatest;
    }

    /** The canary's version, 0 for none. */
    public int canary() {
        return canary;
    }

    public double canaryPercent() {
        return canaryPercent;
    }

    /** The shadow's version, 0 for none. */
    public int shadow() {
        return shadow;
    }

    /** The version a rollback serves, 0 for none. */
    public int previous() {
        return history.isEmpty() ? 0 : history.get(history.size() - 1);
    }

    /** Whether {@code version} was refused (failed its checks or warm-up). */
    public boolean refused(int version) {
        return rejected.contains(version);
    }

    /** The versions this plan uses: serving, canary, shadow. */
    public Set<Integer> versions() {
        Set<Integer> versions = new TreeSet<>();
        versions.add(serving);
        if (canary > 0) {
            versions.add(canary);
        }
        if (shadow > 0) {
            versions.add(shadow);
        }
        return versions;
    }

    /**
     * The version for a record with {@code key}; a record without a key is placed by {@code
     * fallback} (its source position, the same on a replay).
     */
    public int route(byte[] key, String fallback) {
        if (canary == 0) {
            return serving;
        }
        return bucket(key, fallback) < canaryPercent * 100 ? canary : serving;
    }

    /** The key's bucket, 0-9999: a CRC-32 of its bytes, the same in every JVM. */
    public static int bucket(byte[] key, String fallback) {
        CRC32 crc = new CRC32();
        crc.update(key != null ? key : fallback.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % 10_000);
    }

    /**
     * {@code version} serves; the one serving now is remembered for a rollback; a canary or shadow
     * of {@code version} ends (it is what serves).
     */
    public ServingPlan withServing(int version, boolean follow) {
        if (version == serving) {
            return new ServingPlan(
                    serving, follow, history, canary, canaryPercent, shadow, rejected);
        }
        List<Integer> before = new ArrayList<>(history);
        before.add(serving);
        while (before.size() > HISTORY) {
            before.remove(0);
        }
        return new ServingPlan(
                version,
                follow,
                before,
                canary == version ? 0 : canary,
                canary == version ? 0 : canaryPercent,
                shadow == version ? 0 : shadow,
                rejected);
    }

    /** Back to the version served before, pinned. */
    public ServingPlan rolledBack() {
        if (history.isEmpty()) {
            throw new IllegalStateException("no version to roll back to");
        }
        int back = previous();
        List<Integer> before = new ArrayList<>(history.subList(0, history.size() - 1));
        return new ServingPlan(
                back,
                false,
                before,
                canary == back ? 0 : canary,
                canary == back ? 0 : canaryPercent,
                shadow == back ? 0 : shadow,
                rejected);
    }

    /** A canary of {@code percent} of keys on {@code version}; version 0 ends it. */
    public ServingPlan withCanary(int version, double percent) {
        return new ServingPlan(
                serving,
                followLatest,
                history,
                version,
                version == 0 ? 0 : percent,
                shadow,
                rejected);
    }

    /** Every record also on {@code version}; 0 ends the shadow. */
    public ServingPlan withShadow(int version) {
        return new ServingPlan(
                serving, followLatest, history, canary, canaryPercent, version, rejected);
    }

    /** {@code version} was refused: remembered, so that a poll does not load it again. */
    public ServingPlan withRefused(int version) {
        Set<Integer> refused = new TreeSet<>(rejected);
        refused.add(version);
        return new ServingPlan(
                serving, followLatest, history, canary, canaryPercent, shadow, refused);
    }

    /** The plan as JSON, for checkpoints. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("serving", serving).put("follow_latest", followLatest);
        ArrayNode before = node.putArray("history");
        history.forEach(before::add);
        node.put("canary", canary).put("canary_percent", canaryPercent).put("shadow", shadow);
        ArrayNode refused = node.putArray("rejected");
        new TreeSet<>(rejected).forEach(refused::add);
        return node;
    }

    /** The plan {@link #toJson} wrote. */
    public static ServingPlan fromJson(JsonNode node) {
        List<Integer> history = new ArrayList<>();
        node.path("history").forEach(version -> history.add(version.asInt()));
        Set<Integer> rejected = new TreeSet<>();
        node.path("rejected").forEach(version -> rejected.add(version.asInt()));
        return new ServingPlan(
                node.path("serving").asInt(),
                node.path("follow_latest").asBoolean(),
                history,
                node.path("canary").asInt(),
                node.path("canary_percent").asDouble(),
                node.path("shadow").asInt(),
                rejected);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServingPlan plan && plan.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
