package dev.flinfer.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.models.samples.SampleImages;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts written for the moderation tests: clearly abusive, clearly spam, self-harm, clearly benign;
 * text-only, image-only (images drawn in code: scenes, drawings, skin tones) and both; each with
 * the decision the demo policy gives with the real models.
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
        // What nsfw-mobilenet-v2 makes of the drawn images, recorded from nsfwjs under Node
        // (NsfwjsReferenceTest): the landscape and the line drawing are Neutral (0.63, 0.92), the
        // skin-tone gradient and the room Drawing (0.88, 0.74), all with Porn, Hentai and Sexy
        // under 0.03; the shaded skin-toned ovals are Hentai (0.685), so the demo policy blocks
        // them.
        p.image("image-landscape", null, "neutral-landscape", "approved");
        p.image("image-line-drawing", null, "line-drawing", "approved");
        p.image("image-skin-gradient", null, "skin-gradient", "approved");
        p.image("image-shaded-skin", null, "shaded-skin-shapes", "blocked");
        p.image(
                "both-benign",
                "Just finished reading a wonderful novel about a lighthouse keeper.",
                "neutral-room",
                "approved");
        p.image(
                "both-threat",
                "I know your address. You and your kids are dead tomorrow.",
                "cartoon",
                "blocked");
        p.image(
                "both-shaded-skin",
                "Happy birthday grandma, we love you so much!",
                "shaded-skin-shapes",
                "blocked");
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

    /** A post with the sample image {@code sample} (SampleImages), and text if not null. */
    void image(String id, String text, String sample, String decision) {
        ObjectNode post = JSON.createObjectNode().put("id", id);
        if (text != null) {
            post.put("text", text);
        }
        post.put("image", Base64.getEncoder().encodeToString(SampleImages.png(sample)));
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
