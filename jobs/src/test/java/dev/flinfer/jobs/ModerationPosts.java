package dev.flinfer.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.jobs.demo.TextLineRenderer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts written for the moderation tests: clearly abusive, clearly spam, self-harm, clearly benign;
 * text-only, image-only (text lines drawn upright or upside down) and both; each with the decision
 * the demo policy should give.
 */
final class ModerationPosts {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Post id to expected decision, in the order written. */
    final Map<String, String> expected = new LinkedHashMap<>();

    /** Key and value of each record, in the order written. */
    final List<byte[][]> records = new ArrayList<>();

    static ModerationPosts standard() {
        ModerationPosts p = new ModerationPosts();
        p.text(
                "abuse-1",
                "You are a pathetic moron and everybody at school laughs at you.",
                "blocked");
        p.text("abuse-2", "Nobody likes you, you fat ugly freak, just go away.", "blocked");
        p.text(
                "threat-1",
                "I'm going to find you after school and beat you until you bleed.",
                "blocked");
        p.text(
                "threat-2",
                "Say that again and I will burn your house down with you inside.",
                "blocked");
        p.text(
                "spam-1",
                "CHEAP VIAGRA!!! Order now at www.pills-discount.biz, 90% off!!!",
                "blocked");
        p.text(
                "spam-2",
                "Work from home and earn $5000 per week, no experience needed, DM me now!",
                "blocked");
        p.text("selfharm-1", "I've been thinking about killing myself lately.", "review");
        p.text(
                "benign-1",
                "Had a great time hiking with my sister this morning, the views were amazing.",
                "approved");
        p.text("benign-2", "Does anyone have a good recipe for banana bread?", "approved");
        p.text("benign-3", "Can someone recommend a good laptop for programming?", "approved");
        p.text("benign-4", "The new update fixed the battery drain on my phone.", "approved");
        p.image("image-upright-1", null, false, "approved");
        p.image("image-upright-2", null, false, "approved");
        p.image("image-flipped-1", null, true, "review");
        p.image("image-flipped-2", null, true, "review");
        p.image(
                "both-benign",
                "Just finished reading a wonderful novel about a lighthouse keeper.",
                false,
                "approved");
        p.image(
                "both-threat",
                "I know your address. You and your kids are dead tomorrow.",
                false,
                "blocked");
        p.image("both-flipped", "Happy birthday grandma, we love you so much!", true, "review");
        return p;
    }

    /** Posts that must become dead letters: key to value. */
    static Map<String, byte[]> bad() {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put(
                "bad-neither",
                "{\"id\": \"bad-neither\", \"lang\": \"en\"}".getBytes(StandardCharsets.UTF_8));
        bad.put("bad-json", "{\"id\": \"bad-json\", \"text\": ".getBytes(StandardCharsets.UTF_8));
        bad.put(
                "bad-base64",
                "{\"id\": \"bad-base64\", \"image\": \"!!not base64!!\"}"
                        .getBytes(StandardCharsets.UTF_8));
        bad.put(
                "bad-blank",
                "{\"id\": \"bad-blank\", \"text\": \"   \"}".getBytes(StandardCharsets.UTF_8));
        return bad;
    }

    void text(String id, String text, String decision) {
        ObjectNode post = JSON.createObjectNode().put("id", id).put("text", text);
        add(id, id, post, decision);
    }

    void image(String id, String text, boolean upsideDown, String decision) {
        ObjectNode post = JSON.createObjectNode().put("id", id);
        if (text != null) {
            post.put("text", text);
        }
        int seed = Math.abs(id.hashCode() % 1000);
        byte[] png =
                TextLineRenderer.render(TextLineRenderer.randomLine(seed), upsideDown, "png", seed);
        post.put("image", Base64.getEncoder().encodeToString(png));
        add(id, id, post, decision);
    }

    /** Adds a benign post under a shared key, with its place in the sequence of that key. */
    void thread(String key, int seq) {
        String id = key + "-" + seq;
        ObjectNode post =
                JSON.createObjectNode()
                        .put("id", id)
                        .put("seq", seq)
                        .put(
                                "text",
                                "Post number "
                                        + seq
                                        + " about my vegetable garden and the tomatoes.");
        add(key, id, post, "approved");
    }

    private void add(String key, String id, ObjectNode post, String decision) {
        expected.put(id, decision);
        try {
            records.add(
                    new byte[][] {
                        key.getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(post)
                    });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
