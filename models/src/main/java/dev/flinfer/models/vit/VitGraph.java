package dev.flinfer.models.vit;

import static dev.flinfer.models.vit.OnnxGraphBuilder.intAttr;
import static dev.flinfer.models.vit.OnnxGraphBuilder.ints;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;

/**
 * A ViT image classifier as an ONNX graph (opset 17, IR version 8, dynamic batch): Conv patch
 * embedding, class token expanded to the batch, position embeddings, pre-LayerNorm encoder blocks
 * (see {@link VitEncoderGraph}), final LayerNormalization, linear head on the class token. Input
 * {@code pixel_values} float32 [batch, channels, H, W], output {@code logits} float32 [batch,
 * labels]; "batch" is a symbolic dimension, and every reshape keeps it with 0 or -1.
 *
 * <pre>{@code
 * VitConfig config = VitConfig.small(3);
 * ModelProto model = VitGraph.build(config, VitWeights.generate(config));
 * }</pre>
 */
public final class VitGraph {
    public static final int OPSET = SeededModels.OPSET;
    public static final int IR_VERSION = SeededModels.IR_VERSION;
    public static final String INPUT = "pixel_values";
    public static final String OUTPUT = "logits";
    static final float LAYER_NORM_EPSILON = 1e-6f;

    private VitGraph() {}

    public static ModelProto build(VitConfig c, VitWeights w) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("vit");
        String x = embeddings(g, c, w);
        VitEncoderGraph encoder = new VitEncoderGraph(g, c);
        for (int i = 0; i < c.layers(); i++) {
            x = encoder.block(w.layers[i], "layer" + i + ".", x);
        }
        long d = c.hidden();
        String normed = encoder.layerNorm(x, "norm", w.finalNormScale, w.finalNormBias);
        // the class token: [N,T,D] -> [N,D]
        String cls =
                g.op(
                        "Gather",
                        new AttributeProto[] {intAttr("axis", 1)},
                        normed,
                        g.scalarLong("index.cls", 0));
        encoder.linear(cls, "head", w.headWeight, w.headBias, d, c.numLabels());
        g.nameLastOutput(OUTPUT);
        long size = c.imageSize();
        g.graph()
                .addInput(
                        OnnxGraphBuilder.floatValue(INPUT, null, (long) c.channels(), size, size));
        g.graph().addOutput(OnnxGraphBuilder.floatValue(OUTPUT, null, (long) c.numLabels()));
        return SeededModels.model(g, "ViT image classifier", c.seed());
    }

    /** Patch embedding, class token and position embeddings: [N,C,H,W] -> [N,T,D]. */
    private static String embeddings(OnnxGraphBuilder g, VitConfig c, VitWeights w) {
        long d = c.hidden();
        long p = c.patchSize();
        // [N,C,H,W] -> [N,D,H/P,W/P] -> [N,D,P'] -> [N,P',D]
        String conv =
                g.op(
                        "Conv",
                        new AttributeProto[] {ints("kernel_shape", p, p), ints("strides", p, p)},
                        INPUT,
                        g.floats("patch.weight", w.patchWeight, d, c.channels(), p, p),
                        g.floats("patch.bias", w.patchBias, d));
        String flat = g.op("Reshape", conv, g.longs("shape.n_d_rest", 0, d, -1));
        String patches = g.op("Transpose", new AttributeProto[] {ints("perm", 0, 2, 1)}, flat);
        // the class token [1,1,D] expanded to [N,1,D], N read from the input at run time
        String batch =
                g.op(
                        "Gather",
                        new AttributeProto[] {intAttr("axis", 0)},
                        g.op("Shape", patches),
                        g.longs("index.zero", 0));
        String clsShape =
                g.op(
                        "Concat",
                        new AttributeProto[] {intAttr("axis", 0)},
                        batch,
                        g.longs("shape.one_d", 1, d));
        String cls = g.op("Expand", g.floats("cls_token", w.classToken, 1, 1, d), clsShape);
        String tokens = g.op("Concat", new AttributeProto[] {intAttr("axis", 1)}, cls, patches);
        return g.op("Add", tokens, g.floats("position_embeddings", w.positions, 1, c.tokens(), d));
    }
}
