package dev.flinfer.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded English-like texts of a chosen length profile: short (about 16 tokens), long (about 128
 * tokens) and a realistic mix (log-normal word counts: most posts are short, a few run to the
 * model's 256-token limit), as posts on a social or support platform are.
 */
final class TextCorpus {
    private static final String[] WORDS =
            ("the a of to and in is it you that he was for on are with as I his they be at one have"
                            + " this from or had by hot word but what some we can out other were all"
                            + " there when up use your how said an each she which do their time if"
                            + " will way about many then them write would like so these her long"
                            + " make thing see him two has look more day could go come did number"
                            + " sound no most people my over know water than call first who may down"
                            + " side been now find stream model event order payment delivery account"
                            + " refund broken great terrible service support quickly slow latency"
                            + " image photo video cluster message topic partition checkpoint record")
                    .split(" ");

    private TextCorpus() {}

    /** {@code count} texts of {@code words} words each. */
    static List<String> fixed(int count, int words, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(sentence(random, words));
        }
        return texts;
    }

    /** {@code count} texts whose word counts are log-normal around 18, from 3 to 220 words. */
    static List<String> mixed(int count, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double words = Math.exp(Math.log(18) + 0.9 * random.nextGaussian());
            texts.add(sentence(random, (int) Math.max(3, Math.min(220, Math.round(words)))));
        }
        return texts;
    }

    /**
     * {@code count} prompts whose word counts are log-normal around 14, from 3 to 60 words: a chat
     * or completion workload's mix of short questions and a few longer contexts.
     */
    static List<String> prompts(int count, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double words = Math.exp(Math.log(14) + 0.7 * random.nextGaussian());
            texts.add(sentence(random, (int) Math.max(3, Math.min(60, Math.round(words)))));
        }
        return texts;
    }

    private static String sentence(Random random, int words) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                text.append(' ');
            }
            String word = WORDS[random.nextInt(WORDS.length)];
            text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        }
        return text.append('.').toString();
    }
}
