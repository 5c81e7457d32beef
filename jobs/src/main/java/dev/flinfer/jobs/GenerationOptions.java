package dev.flinfer.jobs;

import static dev.flinfer.tasks.FlinferOptions.MAX_BATCH_TOKENS;
import static dev.flinfer.tasks.FlinferOptions.MAX_NEW_TOKENS;
import static dev.flinfer.tasks.FlinferOptions.MIN_NEW_TOKENS;
import static dev.flinfer.tasks.FlinferOptions.NUM_BEAMS;
import static dev.flinfer.tasks.FlinferOptions.PROMPT_FIELD;
import static dev.flinfer.tasks.FlinferOptions.PROMPT_TEMPLATE;
import static dev.flinfer.tasks.FlinferOptions.REPETITION_PENALTY;
import static dev.flinfer.tasks.FlinferOptions.SAMPLING_TOP_K;
import static dev.flinfer.tasks.FlinferOptions.SEED;
import static dev.flinfer.tasks.FlinferOptions.STOP;
import static dev.flinfer.tasks.FlinferOptions.TEMPERATURE;
import static dev.flinfer.tasks.FlinferOptions.TOP_P;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/**
 * The command line of the generation tasks ({@code text-generation}, {@code text2text}): the
 * prompt, the decoding and the running batch's token bound, as the library's options.
 */
public final class GenerationOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    @Option(
            names = "--prompt-field",
            paramLabel = "NAME",
            description =
                    "Generation: JSON field with the prompt's text (default ${DEFAULT-VALUE}).")
    public String promptField = PROMPT_FIELD.defaultValue();

    @Option(
            names = "--prompt-template",
            paramLabel = "TEXT",
            description =
                    "Generation: the prompt, {text} standing for the record's text (default"
                            + " ${DEFAULT-VALUE}).")
    public String promptTemplate = PROMPT_TEMPLATE.defaultValue();

    @Option(
            names = "--max-new-tokens",
            paramLabel = "N",
            description = "Generation: at most N new tokens per record (default ${DEFAULT-VALUE}).")
    public int maxNewTokens = MAX_NEW_TOKENS.defaultValue();

    @Option(
            names = "--min-new-tokens",
            paramLabel = "N",
            description =
                    "Generation: no end-of-sequence before N new tokens (default ${DEFAULT-VALUE}).")
    public int minNewTokens = MIN_NEW_TOKENS.defaultValue();

    @Option(
            names = "--num-beams",
            paramLabel = "N",
            description =
                    "Generation: beam search over N beams; 1 = none (default ${DEFAULT-VALUE}).")
    public int numBeams = NUM_BEAMS.defaultValue();

    @Option(
            names = "--temperature",
            paramLabel = "T",
            description = "Generation: 0 = greedy; above 0 samples (default ${DEFAULT-VALUE}).")
    public double temperature = TEMPERATURE.defaultValue();

    @Option(
            names = "--sampling-top-k",
            paramLabel = "K",
            description =
                    "Generation: sample from the K most likely tokens; 0 = all (default"
                            + " ${DEFAULT-VALUE}).")
    public int samplingTopK = SAMPLING_TOP_K.defaultValue();

    @Option(
            names = "--top-p",
            paramLabel = "P",
            description = "Generation: nucleus sampling mass (default ${DEFAULT-VALUE}).")
    public double topP = TOP_P.defaultValue();

    @Option(
            names = "--repetition-penalty",
            paramLabel = "X",
            description = "Generation: above 1 discourages repeats (default ${DEFAULT-VALUE}).")
    public double repetitionPenalty = REPETITION_PENALTY.defaultValue();

    @Option(
            names = "--seed",
            paramLabel = "N",
            description =
                    "Generation: sampling seed, mixed with each record's position (default"
                            + " ${DEFAULT-VALUE}).")
    public long seed = SEED.defaultValue();

    @Option(
            names = "--stop",
            paramLabel = "TEXT",
            description = "Generation: a stop string (repeat for more).")
    public List<String> stop = new ArrayList<>();

    @Option(
            names = "--max-batch-tokens",
            paramLabel = "N",
            description =
                    "Generation: the running batch's cache bound, prompt + max-new-tokens summed"
                            + " over its sequences; 0 = none (default ${DEFAULT-VALUE}).")
    public long maxBatchTokens = MAX_BATCH_TOKENS.defaultValue();

    /** Sets these options in {@code conf}; the task checks them when it builds its settings. */
    void configure(Configuration conf) {
        conf.set(PROMPT_FIELD, promptField);
        conf.set(PROMPT_TEMPLATE, promptTemplate);
        conf.set(MAX_NEW_TOKENS, maxNewTokens);
        conf.set(MIN_NEW_TOKENS, minNewTokens);
        conf.set(NUM_BEAMS, numBeams);
        conf.set(TEMPERATURE, temperature);
        conf.set(SAMPLING_TOP_K, samplingTopK);
        conf.set(TOP_P, topP);
        conf.set(REPETITION_PENALTY, repetitionPenalty);
        conf.set(SEED, seed);
        conf.set(STOP, List.copyOf(stop));
        conf.set(MAX_BATCH_TOKENS, maxBatchTokens);
    }
}
