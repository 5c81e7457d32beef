package dev.flinfer.tasks;

import static dev.flinfer.tasks.FlinferOptions.CAPACITY;
import static dev.flinfer.tasks.FlinferOptions.DEVICE;
import static dev.flinfer.tasks.FlinferOptions.IMAGE_FIELD;
import static dev.flinfer.tasks.FlinferOptions.IMAGE_MODEL;
import static dev.flinfer.tasks.FlinferOptions.INFERENCE_WORKERS;
import static dev.flinfer.tasks.FlinferOptions.INTRA_OP_THREADS;
import static dev.flinfer.tasks.FlinferOptions.MAX_BATCH_SIZE;
import static dev.flinfer.tasks.FlinferOptions.MAX_BATCH_TOKENS;
import static dev.flinfer.tasks.FlinferOptions.MAX_IMAGE_BYTES;
import static dev.flinfer.tasks.FlinferOptions.MAX_IMAGE_PIXELS;
import static dev.flinfer.tasks.FlinferOptions.MAX_LATENCY;
import static dev.flinfer.tasks.FlinferOptions.MAX_NEW_TOKENS;
import static dev.flinfer.tasks.FlinferOptions.MAX_RECORD_BYTES;
import static dev.flinfer.tasks.FlinferOptions.MAX_TEXT_CHARS;
import static dev.flinfer.tasks.FlinferOptions.MIN_NEW_TOKENS;
import static dev.flinfer.tasks.FlinferOptions.MODEL;
import static dev.flinfer.tasks.FlinferOptions.NUM_BEAMS;
import static dev.flinfer.tasks.FlinferOptions.OUTPUT_FIELD;
import static dev.flinfer.tasks.FlinferOptions.POLICY;
import static dev.flinfer.tasks.FlinferOptions.PREPARE_THREADS;
import static dev.flinfer.tasks.FlinferOptions.PROMPT_FIELD;
import static dev.flinfer.tasks.FlinferOptions.PROMPT_TEMPLATE;
import static dev.flinfer.tasks.FlinferOptions.REDUCED_DECODING;
import static dev.flinfer.tasks.FlinferOptions.REPETITION_PENALTY;
import static dev.flinfer.tasks.FlinferOptions.SAMPLING_TOP_K;
import static dev.flinfer.tasks.FlinferOptions.SEED;
import static dev.flinfer.tasks.FlinferOptions.STOP;
import static dev.flinfer.tasks.FlinferOptions.TEMPERATURE;
import static dev.flinfer.tasks.FlinferOptions.TEXT_FIELD;
import static dev.flinfer.tasks.FlinferOptions.TEXT_PREFIX;
import static dev.flinfer.tasks.FlinferOptions.TIMEOUT;
import static dev.flinfer.tasks.FlinferOptions.TOP_K;
import static dev.flinfer.tasks.FlinferOptions.TOP_P;

import dev.flinfer.session.Device;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * What makes each {@link FlinferOptions} value right, checked the same way wherever it is set: a
 * builder setter names the setting as its setter does ({@code maxBatchSize must be >= 1, got 0}),
 * SQL names the option as the user wrote it ({@code option 'max-batch-size' must be >= 1, got 0}).
 *
 * <pre>{@code
 * int size = OptionRules.get(config, FlinferOptions.MAX_BATCH_SIZE);   // checked
 * }</pre>
 */
@PublicEvolving
public final class OptionRules {
    private static final Map<String, Rule> RULES = new HashMap<>();

    static {
        rule(MODEL, "model", OptionRules::modelName);
        rule(DEVICE, "device", OptionRules::device);
        rule(INTRA_OP_THREADS, "intraOpThreads", atLeast(0));
        rule(MAX_BATCH_SIZE, "maxBatchSize", atLeast(1));
        rule(MAX_LATENCY, "maxLatency", OptionRules::notNegative);
        rule(PREPARE_THREADS, "prepareThreads", atLeast(1));
        rule(INFERENCE_WORKERS, "inferenceWorkers", atLeast(1));
        rule(CAPACITY, "capacity", atLeast(1));
        rule(TIMEOUT, "timeout", OptionRules::positive);
        rule(TEXT_FIELD, "textField", OptionRules::nonBlank);
        rule(OUTPUT_FIELD, "outputField", OptionRules::nonBlank);
        rule(IMAGE_FIELD, "imageField", OptionRules::nonBlank);
        rule(IMAGE_MODEL, "imageModel", OptionRules::nonBlank);
        rule(POLICY, "policy", OptionRules::nonBlank);
        rule(MAX_TEXT_CHARS, "maxTextChars", atLeast(1));
        rule(MAX_RECORD_BYTES, "maxRecordBytes", atLeast(1));
        rule(TOP_K, "topK", atLeast(0));
        rule(TEXT_PREFIX, "textPrefix", OptionRules::notNull);
        rule(MAX_IMAGE_BYTES, "maxImageBytes", atLeast(1));
        rule(MAX_IMAGE_PIXELS, "maxImagePixels", atLeast(1));
        rule(REDUCED_DECODING, "reducedDecoding", OptionRules::notNull);
        rule(MAX_BATCH_TOKENS, "maxBatchTokens", atLeast(0));
        rule(PROMPT_FIELD, "promptField", OptionRules::nonBlank);
        rule(PROMPT_TEMPLATE, "promptTemplate", OptionRules::template);
        rule(MAX_NEW_TOKENS, "maxNewTokens", atLeast(1));
        rule(MIN_NEW_TOKENS, "minNewTokens", atLeast(0));
        rule(NUM_BEAMS, "numBeams", atLeast(1));
        rule(TEMPERATURE, "temperature", OptionRules::finiteNotNegative);
        rule(SAMPLING_TOP_K, "samplingTopK", atLeast(0));
        rule(TOP_P, "topP", OptionRules::probability);
        rule(REPETITION_PENALTY, "repetitionPenalty", OptionRules::positiveNumber);
        rule(STOP, "stopStrings", OptionRules::stopStrings);
        rule(SEED, "seed", value -> value != null ? null : " must be a number, got null");
    }

    private OptionRules() {}

    /** A setting's name as its builder setter has it, and what is wrong with a value (or null). */
    private record Rule(String name, Function<Object, String> problem) {}

    /** {@code value} when it is right for {@code option}; else the setter's message. */
    public static <T> T check(ConfigOption<T> option, T value) {
        String problem = problem(option, value);
        if (problem != null) {
            throw new IllegalArgumentException(name(option) + problem);
        }
        return value;
    }

    /** The value {@code config} gives {@code option} (or its default), checked. */
    public static <T> T get(ReadableConfig config, ConfigOption<T> option) {
        return check(option, config.get(option));
    }

    /** What is wrong with {@code value} (" must be >= 1, got 0"), or null when nothing is. */
    public static String problem(ConfigOption<?> option, Object value) {
        Rule rule = RULES.get(option.key());
        return rule == null ? null : rule.problem().apply(value);
    }

    /** The setting's name in builders ({@code maxBatchSize}), or its key when it has none. */
    public static String name(ConfigOption<?> option) {
        Rule rule = RULES.get(option.key());
        return rule == null ? option.key() : rule.name();
    }

    /** The key SQL uses: the first fallback key ({@code max-batch-size}), or the key itself. */
    public static String sqlKey(ConfigOption<?> option) {
        return option.fallbackKeys().iterator().hasNext()
                ? option.fallbackKeys().iterator().next().getKey()
                : option.key();
    }

    private static void rule(ConfigOption<?> option, String name, Function<Object, String> check) {
        RULES.put(option.key(), new Rule(name, check));
    }

    private static Function<Object, String> atLeast(long min) {
        return value ->
                value != null && ((Number) value).longValue() >= min
                        ? null
                        : " must be >= " + min + ", got " + value;
    }

    private static String notNegative(Object value) {
        return value != null && !((Duration) value).isNegative()
                ? null
                : " must be >= 0, got " + value;
    }

    private static String positive(Object value) {
        Duration duration = (Duration) value;
        return duration != null && !duration.isNegative() && !duration.isZero()
                ? null
                : " must be > 0, got " + value;
    }

    private static String nonBlank(Object value) {
        return value != null && !((String) value).isBlank()
                ? null
                : " must not be blank, got '" + value + "'";
    }

    private static String stopStrings(Object value) {
        return value instanceof List<?> stops && stops.stream().noneMatch(s -> "".equals(s))
                ? null
                : " must be texts that are not empty, got " + value;
    }

    private static String template(Object value) {
        return value != null && ((String) value).contains("{text}")
                ? null
                : " must contain {text}, got '" + value + "'";
    }

    private static String finiteNotNegative(Object value) {
        return value != null && Double.isFinite((Double) value) && (Double) value >= 0
                ? null
                : " must be >= 0, got " + value;
    }

    private static String probability(Object value) {
        return value != null && (Double) value > 0 && (Double) value <= 1
                ? null
                : " must be in (0, 1], got " + value;
    }

    private static String positiveNumber(Object value) {
        return value != null && Double.isFinite((Double) value) && (Double) value > 0
                ? null
                : " must be > 0, got " + value;
    }

    private static String notNull(Object value) {
        return value != null ? null : " must be a text ('' for none), got null";
    }

    private static String modelName(Object value) {
        return value != null && !((String) value).isBlank()
                ? null
                : " must be a model name or a directory, got '" + value + "'";
    }

    private static String device(Object value) {
        try {
            Device.parse((String) value);
            return null;
        } catch (IllegalArgumentException e) {
            return ": " + e.getMessage();
        }
    }
}
