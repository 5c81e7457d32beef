package dev.flinfer.models.t5;

import static dev.flinfer.models.t5.T5GraphOps.castTo;
import static dev.flinfer.models.vit.OnnxGraphBuilder.intAttr;
import static dev.flinfer.models.vit.OnnxGraphBuilder.ints;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * T5's relative position bias as ONNX nodes: each (key - query) offset put in a bucket as Hugging
 * Face's {@code _relative_position_bucket} does (the same float32 logarithm as {@link
 * T5Math#bucket}), then looked up in a {@code [buckets, heads]} table and laid out as {@code
 * [1,heads,T,L]}.
 */
final class T5PositionBias {
    private T5PositionBias() {}

    /** The bias [1,heads,T,L] of {@code relative} [T,L] (int64 key - query). */
    static String bias(
            T5GraphOps g, T5Config c, String relative, String table, boolean bidirectional) {
        String bucket = bucket(g, c, relative, bidirectional);
        String looked = g.n.op("Gather", new AttributeProto[] {intAttr("axis", 0)}, table, bucket);
        String perHead = g.n.op("Transpose", new AttributeProto[] {ints("perm", 2, 0, 1)}, looked);
        return g.n.op("Unsqueeze", perHead, g.longs("const.axes_0", 0));
    }

    private static String bucket(T5GraphOps g, T5Config c, String relative, boolean bidirectional) {
        int numBuckets = c.relativeAttentionNumBuckets();
        String base = null;
        String distance;
        String zero = g.scalar("const.zero", 0L);
        if (bidirectional) {
            numBuckets /= 2;
            String after =
                    g.n.op(
                            "Cast",
                            new AttributeProto[] {castTo(TensorProto.DataType.INT64)},
                            g.n.op("Greater", relative, zero));
            base = g.n.op("Mul", after, g.scalar("const.buckets_" + numBuckets, (long) numBuckets));
            distance = g.n.op("Abs", relative);
        } else {
            String before = g.n.op("Less", relative, zero);
            distance = g.n.op("Where", before, g.n.op("Neg", relative), zero);
        }
        int maxExact = numBuckets / 2;
        String exact = g.scalar("const.max_exact_" + maxExact, (long) maxExact);
        String small = g.n.op("Less", distance, exact);
        // the logarithm of max(distance, maxExact), so that no log(0) is taken where it is not used
        String clamped = g.n.op("Where", small, exact, distance);
        String ratio =
                g.n.op(
                        "Div",
                        g.n.op(
                                "Cast",
                                new AttributeProto[] {castTo(TensorProto.DataType.FLOAT)},
                                clamped),
                        g.scalar("const.max_exact_f" + maxExact, (float) maxExact));
        float logRatio = (float) Math.log((double) c.relativeAttentionMaxDistance() / maxExact);
        String scaled =
                g.n.op(
                        "Mul",
                        g.n.op(
                                "Div",
                                g.n.op("Log", ratio),
                                g.scalar("const.log_ratio_" + maxExact, logRatio)),
                        g.scalar("const.log_buckets_" + maxExact, (float) (numBuckets - maxExact)));
        String large =
                g.n.op(
                        "Add",
                        g.n.op(
                                "Cast",
                                new AttributeProto[] {castTo(TensorProto.DataType.INT64)},
                                scaled),
                        exact);
        String last = g.scalar("const.last_bucket_" + numBuckets, (long) (numBuckets - 1));
        String capped = g.n.op("Where", g.n.op("Greater", large, last), last, large);
        String inBucket = g.n.op("Where", small, distance, capped);
        return base == null ? inBucket : g.n.op("Add", base, inBucket);
    }
}
