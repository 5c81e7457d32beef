package dev.flinfer.models.tfjs;

import java.util.Map;

/**
 * A plain-Java forward pass of {@link TinyLayersModel}, channels last as Keras and TensorFlow
 * compute it, written from TensorFlow's definitions (SAME: {@code ceil(in / stride)} outputs, the
 * padding split with the extra one at the end; average pooling counts only cells inside the image),
 * independently of the converter's ONNX graph.
 */
final class KerasReference {
    /** An image tensor [h][w][c], row-major. */
    record T(int h, int w, int c, float[] v) {
        float at(int y, int x, int ch) {
            return v[(y * w + x) * c + ch];
        }
    }

    private KerasReference() {}

    static float[] forward(Map<String, float[]> wt, float[] image) {
        T x = new T(8, 9, 3, image);
        x = conv(x, wt.get("c1/kernel"), wt.get("c1/bias"), 3, 4, 2, false, 1);
        float[] g = wt.get("bn/gamma"),
                b = wt.get("bn/beta"),
                m = wt.get("bn/moving_mean"),
                var = wt.get("bn/moving_variance");
        float[] bn = new float[x.v().length];
        for (int i = 0; i < bn.length; i++) {
            int ch = i % x.c();
            float y = (float) ((x.v()[i] - m[ch]) / Math.sqrt(var[ch] + 0.001) * g[ch] + b[ch]);
            bn[i] = Math.min(Math.max(y, 0f), 6f);
        }
        x = new T(x.h(), x.w(), x.c(), bn);
        T dw = conv(x, wt.get("dw/depthwise_kernel"), wt.get("dw/bias"), 3, 8, 1, true, 2);
        T pw = conv(dw, wt.get("pw/kernel"), null, 1, 8, 1, false, 1);
        float[] sum = new float[dw.v().length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = dw.v()[i] + Math.max(pw.v()[i], 0f);
        }
        x = pad(new T(dw.h(), dw.w(), dw.c(), sum), 1, 0, 0, 2);
        x = averagePoolSame(x, 2, 2);
        float[] d1 = dense(x.v(), wt.get("d1/kernel"), wt.get("d1/bias"), 6);
        for (int i = 0; i < d1.length; i++) {
            d1[i] = Math.max(d1[i], 0f);
        }
        float[] d2 = dense(d1, wt.get("d2/kernel"), wt.get("d2/bias"), 3);
        double max = Math.max(d2[0], Math.max(d2[1], d2[2]));
        double total = 0;
        float[] p = new float[3];
        for (int i = 0; i < 3; i++) {
            total += Math.exp(d2[i] - max);
        }
        for (int i = 0; i < 3; i++) {
            p[i] = (float) (Math.exp(d2[i] - max) / total);
        }
        return p;
    }

    /** Conv2D or DepthwiseConv2D (multiplier {@code mult}) with 'same' padding for k > 1. */
    static T conv(
            T x,
            float[] kernel,
            float[] bias,
            int k,
            int cout,
            int stride,
            boolean depthwise,
            int mult) {
        int oh = (x.h() + stride - 1) / stride;
        int ow = (x.w() + stride - 1) / stride;
        int top = Math.max((oh - 1) * stride + k - x.h(), 0) / 2;
        int left = Math.max((ow - 1) * stride + k - x.w(), 0) / 2;
        float[] out = new float[oh * ow * cout];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int o = 0; o < cout; o++) {
                    double s = bias == null ? 0 : bias[o];
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int y = oy * stride + ky - top;
                            int xx = ox * stride + kx - left;
                            if (y < 0 || y >= x.h() || xx < 0 || xx >= x.w()) {
                                continue;
                            }
                            if (depthwise) {
                                int ch = o / mult;
                                s +=
                                        x.at(y, xx, ch)
                                                * kernel[
                                                        ((ky * k + kx) * x.c() + ch) * mult
                                                                + o % mult];
                            } else {
                                for (int i = 0; i < x.c(); i++) {
                                    s +=
                                            x.at(y, xx, i)
                                                    * kernel[
                                                            ((ky * k + kx) * x.c() + i) * cout + o];
                                }
                            }
                        }
                    }
                    out[(oy * ow + ox) * cout + o] = (float) s;
                }
            }
        }
        return new T(oh, ow, cout, out);
    }

    static T pad(T x, int top, int bottom, int left, int right) {
        int h = x.h() + top + bottom;
        int w = x.w() + left + right;
        float[] out = new float[h * w * x.c()];
        for (int y = 0; y < x.h(); y++) {
            for (int xx = 0; xx < x.w(); xx++) {
                for (int c = 0; c < x.c(); c++) {
                    out[((y + top) * w + xx + left) * x.c() + c] = x.at(y, xx, c);
                }
            }
        }
        return new T(h, w, x.c(), out);
    }

    static T averagePoolSame(T x, int k, int stride) {
        int oh = (x.h() + stride - 1) / stride;
        int ow = (x.w() + stride - 1) / stride;
        int top = Math.max((oh - 1) * stride + k - x.h(), 0) / 2;
        int left = Math.max((ow - 1) * stride + k - x.w(), 0) / 2;
        float[] out = new float[oh * ow * x.c()];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int c = 0; c < x.c(); c++) {
                    double s = 0;
                    int n = 0;
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int y = oy * stride + ky - top;
                            int xx = ox * stride + kx - left;
                            if (y >= 0 && y < x.h() && xx >= 0 && xx < x.w()) {
                                s += x.at(y, xx, c);
                                n++;
                            }
                        }
                    }
                    out[(oy * ow + ox) * x.c() + c] = (float) (s / n);
                }
            }
        }
        return new T(oh, ow, x.c(), out);
    }

    static float[] dense(float[] in, float[] kernel, float[] bias, int units) {
        float[] out = new float[units];
        for (int o = 0; o < units; o++) {
            double s = bias[o];
            for (int i = 0; i < in.length; i++) {
                s += in[i] * kernel[i * units + o];
            }
            out[o] = (float) s;
        }
        return out;
    }
}
