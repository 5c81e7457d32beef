package dev.flinfer.models.decoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random prompts of whole words from the MiniLM vocabulary, and the tokenizer the build copied. */
public final class Prompts {
    static final String TOKENIZER = "flinfer/models/all-minilm-l6-v2/tokenizer.json";

    private Prompts() {}

    /** The MiniLM tokenizer.json on the test classpath (the build copies it into classes). */
    public static Path tokenizer() throws URISyntaxException {
        return Path.of(Prompts.class.getClassLoader().getResource(TOKENIZER).toURI());
    }

    /** Ids of the vocabulary's whole words: no [special] tokens, no ##continuations. */
    public static List<Integer> wordIds() throws IOException {
        try (InputStream in = Prompts.class.getClassLoader().getResourceAsStream(TOKENIZER)) {
            JsonNode vocab = new ObjectMapper().readTree(in).path("model").path("vocab");
            List<Integer> ids = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String word = e.getKey();
                if (!word.startsWith("[") && !word.startsWith("##") && word.length() > 1) {
                    ids.add(e.getValue().asInt());
                }
            }
            return ids;
        }
    }

    /** {@code n} prompts of {@code min} to {@code max} words each. */
    public static List<int[]> random(List<Integer> words, int n, int min, int max, long seed) {
        Random random = new Random(seed);
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] prompt = new int[min + random.nextInt(max - min + 1)];
            for (int j = 0; j < prompt.length; j++) {
                prompt[j] = words.get(random.nextInt(words.size()));
            }
            prompts.add(prompt);
        }
        return prompts;
    }
}
