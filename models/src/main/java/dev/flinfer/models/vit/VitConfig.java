package dev.flinfer.models.vit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shape of a generated ViT image classifier, checked when it is made: every size positive, the
 * image a whole number of patches, the hidden size a whole number of heads, one distinct name per
 * label. A message names the bad value.
 *
 * <pre>{@code
 * VitConfig base = VitConfig.base(1000);           // 224 px, patch 16, hidden 768, 12 layers, 12 heads
 * VitConfig tiny = VitConfig.small(3).withSeed(7); // 32 px, patch 8, hidden 64, 2 layers, 4 heads
 * VitConfig mid = VitConfig.of(64, 16, 128, 3, 4, 10).withLabels(List.of("cat", "dog"));
 * }</pre>
 *
 * @param imageSize height and width of the input images, in pixels
 * @param patchSize height and width of a patch (the patch convolution's kernel and stride)
 * @param channels input channels (3 for RGB)
 * @param hidden width of the token vectors
 * @param layers encoder blocks
 * @param heads attention heads per block
 * @param mlpDim inner width of each block's MLP (ViT uses 4 x hidden)
 * @param numLabels classes the head scores
 * @param seed the seed all weights are drawn from
 * @param labels the class names, {@code numLabels} of them; null gives LABEL_0, LABEL_1, ...
 */
public record VitConfig(
        int imageSize,
        int patchSize,
        int channels,
        int hidden,
        int layers,
        int heads,
        int mlpDim,
        int numLabels,
        long seed,
        List<String> labels) {
    public static final int DEFAULT_CHANNELS = 3;
    public static final long DEFAULT_SEED = 42;

    public VitConfig {
        positive("imageSize", imageSize);
        positive("patchSize", patchSize);
        positive("channels", channels);
        positive("hidden", hidden);
        positive("layers", layers);
        positive("heads", heads);
        positive("mlpDim", mlpDim);
        positive("numLabels", numLabels);
        if (imageSize % patchSize != 0) {
            throw new IllegalArgumentException(
                    "imageSize ("
                            + imageSize
                            + ") must be a multiple of patchSize ("
                            + patchSize
                            + ")");
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException(
                    "hidden (" + hidden + ") must be a multiple of heads (" + heads + ")");
        }
        labels = labels == null ? defaultLabels(numLabels) : checkedLabels(labels, numLabels);
    }

    /** 3 channels, MLP 4 x hidden, seed {@value #DEFAULT_SEED}, labels LABEL_0, LABEL_1, ... */
    public static VitConfig of(
            int imageSize, int patchSize, int hidden, int layers, int heads, int numLabels) {
        return new VitConfig(
                imageSize,
                patchSize,
                DEFAULT_CHANNELS,
                hidden,
                layers,
                heads,
                4 * hidden,
                numLabels,
                DEFAULT_SEED,
                null);
    }

    /** 32 px, patch 8, hidden 64, 2 layers, 4 heads (about 0.1 M parameters): for tests. */
    public static VitConfig small(int numLabels) {
        return of(32, 8, 64, 2, 4, numLabels);
    }

    /** ViT-Base/16 at 224 px: hidden 768, 12 layers, 12 heads, MLP 3072 (about 86 M parameters). */
    public static VitConfig base(int numLabels) {
        return of(224, 16, 768, 12, 12, numLabels);
    }

    public VitConfig withSeed(long newSeed) {
        return new VitConfig(
                imageSize, patchSize, channels, hidden, layers, heads, mlpDim, numLabels, newSeed,
                labels);
    }

    /** The same model with these class names; the number of labels becomes their count. */
    public VitConfig withLabels(List<String> names) {
        return new VitConfig(
                imageSize,
                patchSize,
                channels,
                hidden,
                layers,
                heads,
                mlpDim,
                names.size(),
                seed,
                names);
    }

    /** Patches per side of the image. */
    public int grid() {
        return imageSize / patchSize;
    }

    /** Patches per image. */
    public int patches() {
        return grid() * grid();
    }

    /** Tokens per image: the class token and the patches. */
    public int tokens() {
        return patches() + 1;
    }

    public int headDim() {
        return hidden / heads;
    }

    private static List<String> defaultLabels(int n) {
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add("LABEL_" + i);
        }
        return List.copyOf(names);
    }

    private static List<String> checkedLabels(List<String> labels, int numLabels) {
        if (labels.size() != numLabels) {
            throw new IllegalArgumentException(
                    "labels has " + labels.size() + " names but numLabels is " + numLabels);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.get(i);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("label " + i + " is blank: '" + name + "'");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("label '" + name + "' appears twice");
            }
        }
        return List.copyOf(labels);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
