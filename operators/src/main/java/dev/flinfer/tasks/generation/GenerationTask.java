package dev.flinfer.tasks.generation;

import static dev.flinfer.tasks.FlinferOptions.MAX_BATCH_TOKENS;
import static dev.flinfer.tasks.FlinferOptions.MAX_NEW_TOKENS;
import static dev.flinfer.tasks.FlinferOptions.MAX_RECORD_BYTES;
import static dev.flinfer.tasks.FlinferOptions.MAX_TEXT_CHARS;
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

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.generation.Decoding;
import dev.flinfer.generation.Generated;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.OptionRules;
import dev.flinfer.tasks.TaskBase;
import dev.flinfer.tasks.Tasks;
import dev.flinfer.text.TextFieldReader;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Text generation, said once for both model families: the prompt (a JSON field framed by a
 * template) goes to the model, its generated text is added to the event:
 *
 * <pre>{@code
 * {"id": "1", "text": "...", "generation": {"model": "t5-tiny-seeded", "model_version": "sha256:...",
 *                                           "text": "...", "tokens": 12, "finish_reason": "eos"}}
 * }</pre>
 *
 * <p>{@link TextGenerationTask} (decoder-only) and {@link Text2TextTask} (encoder-decoder) differ
 * in their name, verb, default model and the family their bundle must be.
 */
@PublicEvolving
public abstract class GenerationTask extends TaskBase<GenerationSettings> {
    private static final long serialVersionUID = 1L;

    public static final ConfigOption<String> OUTPUT_FIELD =
            FlinferOptions.outputField("generation");

    private final boolean encoderDecoder;

    protected GenerationTask(
            String name, String verb, String defaultModel, boolean encoderDecoder) {
        super(name, verb, Reads.TEXT, Writes.TEXT, defaultModel);
        this.encoderDecoder = encoderDecoder;
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(
                PROMPT_FIELD,
                PROMPT_TEMPLATE,
                OUTPUT_FIELD,
                MAX_NEW_TOKENS,
                MIN_NEW_TOKENS,
                NUM_BEAMS,
                TEMPERATURE,
                SAMPLING_TOP_K,
                TOP_P,
                REPETITION_PENALTY,
                SEED,
                STOP,
                MAX_BATCH_TOKENS,
                MAX_TEXT_CHARS,
                MAX_RECORD_BYTES);
    }

    @Override
    public GenerationSettings settings(ReadableConfig config) {
        Decoding decoding =
                new Decoding(
                        OptionRules.get(config, MAX_NEW_TOKENS),
                        OptionRules.get(config, MIN_NEW_TOKENS),
                        OptionRules.get(config, NUM_BEAMS),
                        OptionRules.get(config, TEMPERATURE).floatValue(),
                        OptionRules.get(config, SAMPLING_TOP_K),
                        OptionRules.get(config, TOP_P).floatValue(),
                        OptionRules.get(config, REPETITION_PENALTY).floatValue(),
                        OptionRules.get(config, SEED),
                        OptionRules.get(config, STOP));
        return new GenerationSettings(
                Tasks.model(config),
                Tasks.session(config),
                OptionRules.get(config, PROMPT_FIELD),
                OptionRules.get(config, PROMPT_TEMPLATE),
                OptionRules.get(config, OUTPUT_FIELD),
                OptionRules.get(config, MAX_TEXT_CHARS),
                OptionRules.get(config, MAX_RECORD_BYTES),
                decoding);
    }

    @Override
    public BatchTask<SourceRecord, ?, ?, Outcome> openRecords(GenerationSettings settings) {
        GenerationModel model = openModel(settings);
        TextFieldReader reader =
                new TextFieldReader(
                        settings.promptField(), settings.maxTextChars(), settings.maxRecordBytes());
        return new GenerationRecordTask(
                reader,
                model,
                (event, generated) -> write(event, settings, model.bundle(), generated));
    }

    @Override
    public GenerationModel openModel(GenerationSettings settings) {
        return GenerationModel.open(
                ModelCatalog.resolve(settings.model()),
                settings.session(),
                settings.decoding(),
                settings.promptTemplate(),
                encoderDecoder);
    }

    private static void write(
            ObjectNode event,
            GenerationSettings settings,
            ModelBundle bundle,
            Generated generated) {
        ObjectNode result = event.putObject(settings.outputField());
        result.put("model", bundle.name());
        result.put("model_version", bundle.version());
        result.put("text", generated.text());
        result.put("tokens", generated.tokens());
        result.put("finish_reason", generated.finishReason().label());
    }
}
