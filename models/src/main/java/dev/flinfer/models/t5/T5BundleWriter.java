package dev.flinfer.models.t5;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.models.BundleFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the JSON files of a T5 bundle and streams its ONNX files: {@code config.json} in Hugging
 * Face T5 names (plus {@code flinfer_generated}), {@code generation_config.json}, and {@code
 * tokenizer.json}, the MiniLM tokenizer with its post-processor replaced by one that appends [SEP]
 * after the text (as T5 appends {@code </s>}) and no padding or truncation.
 */
final class T5BundleWriter {
    static final String CONFIG_FILE = "config.json";
    static final String GENERATION_CONFIG_FILE = "generation_config.json";
    static final String TOKENIZER_FILE = "tokenizer.json";
    static final String SEP = "[SEP]";

    private T5BundleWriter() {}

    static void writeJson(Path dir, T5Config c, Path minilmTokenizer) throws IOException {
        BundleFiles.writeJson(dir.resolve(CONFIG_FILE), config(c));
        ObjectNode generation = BundleFiles.object();
        generation.put("decoder_start_token_id", c.decoderStartTokenId());
        generation.put("eos_token_id", c.eosTokenId());
        generation.put("pad_token_id", c.padTokenId());
        BundleFiles.writeJson(dir.resolve(GENERATION_CONFIG_FILE), generation);
        BundleFiles.writeJson(dir.resolve(TOKENIZER_FILE), tokenizer(minilmTokenizer, c));
    }

    private static ObjectNode config(T5Config c) {
        ObjectNode config = BundleFiles.object();
        config.put("model_type", "t5");
        config.putArray("architectures").add("T5ForConditionalGeneration");
        config.put("vocab_size", c.vocabSize());
        config.put("d_model", c.dModel());
        config.put("d_kv", c.dKv());
        config.put("d_ff", c.dFf());
        config.put("num_heads", c.numHeads());
        config.put("num_layers", c.numLayers());
        config.put("num_decoder_layers", c.numDecoderLayers());
        config.put("relative_attention_num_buckets", c.relativeAttentionNumBuckets());
        config.put("relative_attention_max_distance", c.relativeAttentionMaxDistance());
        config.put("n_positions", c.nPositions());
        config.put("decoder_start_token_id", c.decoderStartTokenId());
        config.put("eos_token_id", c.eosTokenId());
        config.put("pad_token_id", c.padTokenId());
        config.put("is_encoder_decoder", true);
        config.put("tie_word_embeddings", true);
        config.put("feed_forward_proj", "relu");
        config.put("layer_norm_epsilon", (double) T5Config.LAYER_NORM_EPSILON);
        ObjectNode generated = config.putObject("flinfer_generated");
        generated.put("seed", c.seed());
        generated.put(
                "description",
                "T5 v1.0 architecture with seeded random weights over the MiniLM vocabulary, not"
                        + " trained: for testing generation runtimes only.");
        return config;
    }

    private static ObjectNode tokenizer(Path minilm, T5Config c) throws IOException {
        ObjectNode post = BundleFiles.object();
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.add(piece("Sequence", "A", 0));
        single.add(piece("SpecialToken", SEP, 0));
        ArrayNode pair = post.putArray("pair");
        pair.add(piece("Sequence", "A", 0));
        pair.add(piece("SpecialToken", SEP, 0));
        pair.add(piece("Sequence", "B", 1));
        pair.add(piece("SpecialToken", SEP, 1));
        ObjectNode sep = post.putObject("special_tokens").putObject(SEP);
        sep.put("id", SEP);
        sep.putArray("ids").add(c.eosTokenId());
        sep.putArray("tokens").add(SEP);
        return BundleFiles.tokenizer(minilm, post);
    }

    private static ObjectNode piece(String kind, String id, int typeId) {
        ObjectNode node = BundleFiles.object();
        node.putObject(kind).put("id", id).put("type_id", typeId);
        return node;
    }
}
