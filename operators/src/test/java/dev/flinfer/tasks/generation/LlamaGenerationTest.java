package dev.flinfer.tasks.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.generation.Decoding;
import dev.flinfer.session.SessionSettings;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decoder-only path on the generated Llama-style model (RoPE, RMSNorm, grouped-query attention
 * with 2 key/value heads for 4 query heads): the runtime reads the cache's key/value-head count,
 * and its KV-cached, batched loop gives the tokens of the plainest loop.
 */
class LlamaGenerationTest {
    private static final List<String> PROMPTS =
            List.of(
                    "the river runs",
                    "a small model built like most small modern models are built",
                    "checkpoints",
                    "every operator keeps its state and the job restarts from the last barrier",
                    "so");
    private static ModelBundle bundle;
    private static GenerationModel greedy;

    @BeforeAll
    static void open() {
        bundle = ModelCatalog.resolve("llama-tiny-seeded");
        greedy =
                GenerationModel.open(
                        bundle, SessionSettings.cpu(1), Decoding.greedy(24), "{text}", false);
    }

    @AfterAll
    static void close() {
        greedy.close();
    }

    @Test
    void theBundleIsALlamaWithGroupedQueryAttention() {
        assertThat(bundle.config().path("model_type").asText()).isEqualTo("llama");
        assertThat(bundle.config().path("num_attention_heads").asInt()).isEqualTo(4);
        assertThat(bundle.config().path("num_key_value_heads").asInt()).isEqualTo(2);
    }

    @Test
    void theCachedBatchedLoopGivesThePlainLoopsTokens() throws Exception {
        GenerationChecks.cachedBatchGivesTheReferenceTokens(greedy, bundle, PROMPTS, 24, 102);
    }

    @Test
    void aPromptGetsTheSameTextAloneAndInABatch() throws Exception {
        GenerationChecks.aloneInABatchAndJoiningMidwayAgree(greedy, PROMPTS);
    }
}
