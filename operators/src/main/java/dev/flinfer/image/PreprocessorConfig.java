package dev.flinfer.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hugging Face {@code preprocessor_config.json} (ViTImageProcessor and alike): resize, center
 * crop, rescale and normalize, and two Flinfer extensions for models trained otherwise:
 *
 * <ul>
 *   <li>{@code "flinfer_keep_aspect_pad": true}: resize to the target height keeping the aspect
 *       ratio (width capped at the target width) and pad on the right with zeros after
 *       normalisation, as PaddleOCR feeds its text-line classifier;
 *   <li>{@code "flinfer_channel_order": "bgr"}: channels in BGR order (models trained on OpenCV
 *       images).
 * </ul>
 *
 * <pre>{@code
 * PreprocessorConfig config = PreprocessorConfig.parse(json, "/models/vit/preprocessor_config.json");
 * }</pre>
 */
@PublicEvolving
public final class PreprocessorConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PreprocessorConfig.class);

    /** PIL resampling filters, by their codes in preprocessor_config.json. */
    @PublicEvolving
    public enum Resample {
        NEAREST,
        BILINEAR,
        BICUBIC
    }

    final boolean resize;
    final int height;
    final int width;
    final int shortestEdge;
    final Resample resample;
    final boolean centerCrop;
    final int cropHeight;
    final int cropWidth;
    final float rescaleFactor;
    final float[] mean;
    final float[] std;
    final boolean keepAspectPad;
    final boolean bgr;

    private PreprocessorConfig(JsonNode node, String source) {
        resize = node.path("do_resize").asBoolean(true);
        JsonNode size = node.path("size");
        if (size.isInt()) {
            height = size.asInt();
            width = size.asInt();
            shortestEdge = 0;
        } else if (size.has("shortest_edge")) {
            shortestEdge = positive(size.path("shortest_edge"), "size.shortest_edge", source);
            height = 0;
            width = 0;
        } else if (size.has("height") && size.has("width")) {
            height = positive(size.path("height"), "size.height", source);
            width = positive(size.path("width"), "size.width", source);
            shortestEdge = 0;
        } else {
            throw bad(
                    source,
                    "size",
                    "expected {\"height\", \"width\"}, {\"shortest_edge\"} or an integer");
        }
        resample = resample(node.path("resample"), source);
        centerCrop = node.path("do_center_crop").asBoolean(false);
        JsonNode crop = node.path("crop_size");
        cropHeight =
                centerCrop
                        ? positive(crop.isInt() ? crop : crop.path("height"), "crop_size", source)
                        : 0;
        cropWidth =
                centerCrop
                        ? positive(crop.isInt() ? crop : crop.path("width"), "crop_size", source)
                        : 0;
        rescaleFactor =
                node.path("do_rescale").asBoolean(true)
                        ? (float) node.path("rescale_factor").asDouble(1 / 255.0)
                        : 1f;
        boolean normalize = node.path("do_normalize").asBoolean(true);
        mean =
                normalize
                        ? triple(node.path("image_mean"), "image_mean", source)
                        : new float[] {0, 0, 0};
        std =
                normalize
                        ? triple(node.path("image_std"), "image_std", source)
                        : new float[] {1, 1, 1};
        for (float s : std) {
            if (s == 0) {
                throw bad(source, "image_std", "must not contain 0");
            }
        }
        keepAspectPad = node.path("flinfer_keep_aspect_pad").asBoolean(false);
        String order = node.path("flinfer_channel_order").asText("rgb");
        if (!order.equals("rgb") && !order.equals("bgr")) {
            throw bad(source, "flinfer_channel_order", "expected rgb or bgr, got '" + order + "'");
        }
        bgr = order.equals("bgr");
        if (!centerCrop && (shortestEdge > 0 || !resize)) {
            throw bad(
                    source,
                    centerCrop ? "crop_size" : "size",
                    "without do_center_crop the size must be {\"height\", \"width\"} and do_resize true, so that"
                            + " every image of a batch has the same size");
        }
        if (keepAspectPad && (shortestEdge > 0 || centerCrop)) {
            throw bad(
                    source,
                    "flinfer_keep_aspect_pad",
                    "needs size {\"height\", \"width\"} and no center crop");
        }
    }

    /** Parses {@code node}; errors name {@code source} and the field. */
    public static PreprocessorConfig parse(JsonNode node, String source) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(source + ": expected a JSON object");
        }
        return new PreprocessorConfig(node, source);
    }

    /** Height of the tensor the model gets. */
    public int outputHeight() {
        return centerCrop ? cropHeight : height;
    }

    /** Width of the tensor the model gets. */
    public int outputWidth() {
        return centerCrop ? cropWidth : width;
    }

    /** {@code do_resize}. */
    public boolean doResize() {
        return resize;
    }

    /** {@code size.height} (or {@code size} as an integer); 0 with {@code shortest_edge}. */
    public int height() {
        return height;
    }

    /** {@code size.width} (or {@code size} as an integer); 0 with {@code shortest_edge}. */
    public int width() {
        return width;
    }

    /** {@code size.shortest_edge}, or 0 when the size is height and width. */
    public int shortestEdge() {
        return shortestEdge;
    }

    public Resample resample() {
        return resample;
    }

    /** {@code do_center_crop}. */
    public boolean doCenterCrop() {
        return centerCrop;
    }

    /** {@code rescale_factor}, or 1 without {@code do_rescale}. */
    public float rescaleFactor() {
        return rescaleFactor;
    }

    /** {@code image_mean}, or zeros without {@code do_normalize}; a copy. */
    public float[] imageMean() {
        return mean.clone();
    }

    /** {@code image_std}, or ones without {@code do_normalize}; a copy. */
    public float[] imageStd() {
        return std.clone();
    }

    /** {@code flinfer_keep_aspect_pad}. */
    public boolean keepAspectPad() {
        return keepAspectPad;
    }

    /** {@code flinfer_channel_order} is {@code bgr}. */
    public boolean bgr() {
        return bgr;
    }

    /**
     * PIL codes 0, 2 and 3; other filters (Lanczos, box, Hamming) become bilinear, with a warning.
     */
    private static Resample resample(JsonNode code, String source) {
        if (code.isMissingNode() || code.isNull()) {
            return Resample.BILINEAR;
        }
        if (!code.canConvertToInt()) {
            throw bad(source, "resample", "expected a PIL filter code, got " + code);
        }
        switch (code.asInt()) {
            case 0:
                return Resample.NEAREST;
            case 2:
                return Resample.BILINEAR;
            case 3:
                return Resample.BICUBIC;
            default:
                LOG.warn(
                        "{}: resample {} is not supported, resizing with bilinear (2) instead",
                        source,
                        code.asInt());
                return Resample.BILINEAR;
        }
    }

    private static int positive(JsonNode value, String field, String source) {
        if (!value.canConvertToInt() || value.asInt() <= 0) {
            throw bad(source, field, "expected a positive integer, got " + value);
        }
        return value.asInt();
    }

    private static float[] triple(JsonNode values, String field, String source) {
        if (values.isMissingNode()) {
            return new float[] {0.5f, 0.5f, 0.5f};
        }
        if (!values.isArray() || values.size() != 3) {
            throw bad(source, field, "expected 3 numbers, got " + values);
        }
        return new float[] {
            (float) values.get(0).asDouble(),
            (float) values.get(1).asDouble(),
            (float) values.get(2).asDouble()
        };
    }

    private static IllegalArgumentException bad(String source, String field, String problem) {
        return new IllegalArgumentException(source + ": field '" + field + "': " + problem);
    }
}
