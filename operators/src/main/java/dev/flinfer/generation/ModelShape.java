package dev.flinfer.generation;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * What generation needs to know of a model: its cache (layers, key/value heads, head size), its
 * vocabulary, its context and its special tokens, from {@code config.json} (the names GPT-2,
 * Llama/Qwen, T5 and BART/Marian use), {@code generation_config.json} when present, and the cache
 * inputs its decoder graph declares, cross-checked: a mismatch fails at start naming both.
 *
 * @param layers decoder layers (one key and one value cache each)
 * @param heads key/value heads per layer (fewer than query heads for grouped-query attention)
 * @param headSize size of one head
 * @param vocab logits per position
 * @param context most positions the decoder takes, or 0 when the model sets none
 * @param eos token ids that end a sequence
 * @param pad the padding token id
 * @param start the first decoder token of an encoder-decoder model (its bos for decoder-only)
 */
@Internal
public record ModelShape(
        int layers,
        int heads,
        int headSize,
        int vocab,
        int context,
        long[] eos,
        long pad,
        long start) {

    /**
     * Reads the shape of {@code bundle}, whose decoder graph {@code graphFile} declares {@code
     * inputs}; {@code pastKey} is the cache input name of a layer's key with {@code %d} for the
     * layer ({@code past_key_values.%d.key}).
     */
    public static ModelShape read(
            ModelBundle bundle,
            String graphFile,
            Map<String, NodeInfo> inputs,
            String pastKey,
            boolean encoderDecoder) {
        JsonNode config = bundle.config();
        JsonNode generation =
                bundle.hasFile(ModelBundle.GENERATION_CONFIG)
                        ? bundle.readJsonObject(ModelBundle.GENERATION_CONFIG)
                        : config;
        String where = bundle.directory().resolve(ModelBundle.CONFIG).toString();
        int graphLayers = 0;
        while (inputs.containsKey(String.format(pastKey, graphLayers))) {
            graphLayers++;
        }
        String graph = bundle.directory().resolve(graphFile).toString();
        if (graphLayers == 0) {
            throw new ModelLoadException(
                    "Model file "
                            + graph
                            + ": no cache input "
                            + String.format(pastKey, 0)
                            + " (export it with its past key values: Optimum's '-with-past' task);"
                            + " inputs: "
                            + inputs.keySet());
        }
        int layers =
                integer(
                        config,
                        graphLayers,
                        encoderDecoder
                                ? new String[] {
                                    "num_decoder_layers", "decoder_layers", "num_layers"
                                }
                                : new String[] {"n_layer", "num_hidden_layers", "num_layers"});
        if (layers != graphLayers) {
            throw new ModelLoadException(
                    "Model file "
                            + graph
                            + " declares cache inputs for "
                            + graphLayers
                            + " layers, but "
                            + where
                            + " says "
                            + layers
                            + " decoder layers");
        }
        long[] cacheShape = shape(inputs.get(String.format(pastKey, 0)));
        int hidden = integer(config, 0, "n_embd", "hidden_size", "d_model");
        int queryHeads =
                integer(
                        config,
                        0,
                        "n_head",
                        "num_attention_heads",
                        "num_heads",
                        "decoder_attention_heads");
        int heads = integer(config, queryHeads, "num_key_value_heads", "num_heads");
        int headSize =
                integer(
                        config,
                        hidden > 0 && queryHeads > 0 ? hidden / queryHeads : 0,
                        "head_dim",
                        "d_kv");
        heads = crossCheck(graph, where, "heads", heads, cacheShape, 1);
        headSize = crossCheck(graph, where, "head size", headSize, cacheShape, 3);
        int vocab = integer(config, 0, "vocab_size");
        if (vocab <= 0) {
            throw new ModelLoadException(where + ": no vocab_size");
        }
        int context = integer(config, 0, "n_positions", "max_position_embeddings", "n_ctx");
        long[] eos = ids(generation.has("eos_token_id") ? generation : config, "eos_token_id");
        if (eos.length == 0) {
            throw new ModelLoadException(where + ": no eos_token_id");
        }
        long pad = first(generation, config, "pad_token_id", eos[0]);
        long start =
                encoderDecoder
                        ? first(generation, config, "decoder_start_token_id", Long.MIN_VALUE)
                        : first(generation, config, "bos_token_id", eos[0]);
        if (start == Long.MIN_VALUE) {
            throw new ModelLoadException(where + ": no decoder_start_token_id");
        }
        return new ModelShape(layers, heads, headSize, vocab, context, eos, pad, start);
    }

    /** Whether {@code token} ends a sequence. */
    public boolean isEos(long token) {
        for (long id : eos) {
            if (id == token) {
                return true;
            }
        }
        return false;
    }

    private static int crossCheck(
            String graph, String where, String what, int fromConfig, long[] shape, int axis) {
        long fromGraph = shape.length == 4 ? shape[axis] : -1;
        if (fromGraph > 0 && fromConfig > 0 && fromGraph != fromConfig) {
            throw new ModelLoadException(
                    "Model file "
                            + graph
                            + ": its cache has "
                            + fromGraph
                            + " "
                            + what
                            + ", but "
                            + where
                            + " gives "
                            + fromConfig);
        }
        int value = fromConfig > 0 ? fromConfig : (int) fromGraph;
        if (value <= 0) {
            throw new ModelLoadException(
                    "Model file " + graph + ": cannot tell the cache's " + what + " from " + where);
        }
        return value;
    }

    private static long[] shape(NodeInfo info) {
        return info.getInfo() instanceof TensorInfo tensor ? tensor.getShape() : new long[0];
    }

    private static int integer(JsonNode config, int fallback, String... names) {
        for (String name : names) {
            if (config.path(name).canConvertToInt()) {
                return config.path(name).asInt();
            }
        }
        return fallback;
    }

    private static long first(JsonNode primary, JsonNode config, String name, long fallback) {
        long[] ids = ids(primary.has(name) ? primary : config, name);
        return ids.length > 0 ? ids[0] : fallback;
    }

    private static long[] ids(JsonNode node, String name) {
        JsonNode value = node.path(name);
        List<Long> ids = new ArrayList<>();
        if (value.isIntegralNumber()) {
            ids.add(value.asLong());
        } else if (value.isArray()) {
            value.forEach(id -> ids.add(id.asLong()));
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }
}
