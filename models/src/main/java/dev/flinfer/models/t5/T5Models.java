package dev.flinfer.models.t5;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.flinfer.models.vit.OnnxGraphBuilder;
import dev.flinfer.models.vit.SeededModels;

/** Wraps a T5 graph in a model ({@link SeededModels}), its doc string naming the part. */
final class T5Models {
    private T5Models() {}

    static ModelProto model(OnnxGraphBuilder g, T5Config c, String part) {
        return SeededModels.model(g, "T5 " + part, c.seed());
    }
}
