package dev.flinfer.tasks.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.generation.Generated;
import dev.flinfer.generation.Generator;
import dev.flinfer.generation.Sequence;
import dev.flinfer.text.TextTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The checks a greedy model must pass, whichever generated model it is. */
final class GenerationChecks {
    private GenerationChecks() {}

    /**
     * The KV-cached, batched loop gives, per prompt, the tokens, text and finish reason of {@link
     * GreedyReference} (no cache, one prompt at a time).
     */
    static void cachedBatchGivesTheReferenceTokens(
            GenerationModel greedy, ModelBundle bundle, List<String> prompts, int maxNew, long eos)
            throws Exception {
        List<Sequence> batch = prepared(greedy, prompts);
        Generator.Run<Sequence> run = greedy.infer(batch);
        try (GreedyReference reference = new GreedyReference(bundle.modelPath());
                TextTokenizer tokenizer = TextTokenizer.openUntruncated(bundle)) {
            for (int i = 0; i < prompts.size(); i++) {
                List<Long> expected = reference.generate(batch.get(i).prompt(), maxNew, eos);
                boolean ended = expected.get(expected.size() - 1) == eos;
                List<Long> text = ended ? expected.subList(0, expected.size() - 1) : expected;
                Generated generated = greedy.result(run, i);
                assertThat(generated.tokens()).as(prompts.get(i)).isEqualTo(text.size());
                assertThat(generated.text())
                        .as(prompts.get(i))
                        .isEqualTo(
                                tokenizer.decode(
                                        text.stream().mapToLong(Long::longValue).toArray()));
                assertThat(generated.finishReason())
                        .isEqualTo(
                                ended ? Generated.FinishReason.EOS : Generated.FinishReason.LENGTH);
            }
        }
    }

    /** A prompt's result is the same alone, in a batch, and joining a running batch midway. */
    static void aloneInABatchAndJoiningMidwayAgree(GenerationModel greedy, List<String> prompts)
            throws Exception {
        List<Generated> alone = new ArrayList<>();
        for (String prompt : prompts) {
            alone.add(greedy.result(greedy.infer(List.of(greedy.prepare(prompt))), 0));
        }
        Generator.Run<Sequence> together = greedy.infer(prepared(greedy, prompts));
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(greedy.result(together, i)).as(prompts.get(i)).isEqualTo(alone.get(i));
        }
        Generator.Run<Sequence> run = greedy.start();
        List<Sequence> sequences = prepared(greedy, prompts);
        greedy.join(run, sequences.subList(0, 2), Function.identity());
        int joined = 2;
        int done = 0;
        while (done < sequences.size()) {
            done += greedy.step(run).size();
            if (joined < sequences.size()) {
                greedy.join(run, List.of(sequences.get(joined++)), Function.identity());
            }
        }
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(sequences.get(i).result()).as(prompts.get(i)).isEqualTo(alone.get(i));
        }
    }

    private static List<Sequence> prepared(GenerationModel greedy, List<String> prompts)
            throws Exception {
        List<Sequence> sequences = new ArrayList<>();
        for (String prompt : prompts) {
            sequences.add(greedy.prepare(prompt));
        }
        return sequences;
    }
}
