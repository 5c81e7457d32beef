package dev.flinfer.models.vit;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a generated ViT image classifier.
 *
 * <pre>{@code
 * VitConfig base = VitConfig.base(1000);          // 224 px, patch 16, hidden 768, 12 layers, 12 heads
 * VitConfig tiny = VitConfig.small(3).withSeed(7);
 * }</pre>
 */
public record VitConfig(
        int imageSize,
        int patchSize,
        int hidden,
        int layers,
        int heads,
        int mlpDim,
        List<String> labels,
        long seed) {

    public VitConfig {
        positive("imageSize", imageSize);
        positive("patchSize", patchSize);
        positive("hidden", hidden);
        positive("layers", layers);
        positive("heads", heads);
        positive("mlpDim", mlpDim);
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
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("labels must not be empty, got " + labels);
        }
        labels = List.copyOf(labels);
    }

    /** A ViT with {@code numLabels} labels named LABEL_0.., MLP 4 x hidden, seed 42. */
    public static VitConfig of(
            int imageSize, int patchSize, int hidden, int layers, int heads, int numLabels) {
        return new VitConfig(
                imageSize,
                patchSize,
                hidden,
                layers,
                heads,
                4 * hidden,
                genericLabels(numLabels),
                42);
    }

    /** 32 px, patch 8, hidden 64, 2 layers, 4 heads: for tests. */
    public static VitConfig small(int numLabels) {
        return of(32, 8, 64, 2, 4, numLabels);
    }

    /** ViT-Base/16 at 224 px: hidden 768, 12 layers, 12 heads, MLP 3072 (86 M parameters). */
    public static VitConfig base(int numLabels) {
        return of(224, 16, 768, 12, 12, numLabels);
    }

    public VitConfig withSeed(long newSeed) {
        return new VitConfig(imageSize, patchSize, hidden, layers, heads, mlpDim, labels, newSeed);
    }

    public VitConfig withLabels(List<String> names) {
        return new VitConfig(imageSize, patchSize, hidden, layers, heads, mlpDim, names, seed);
    }

    public int numLabels() {
        return labels.size();
    }

    /** Patches per image. */
    public int patches() {
        return (imageSize / patchSize) * (imageSize / patchSize);
    }

    /** Tokens per image: the patches and the class token. */
    public int tokens() {
        return patches() + 1;
    }

    public int headDim() {
        return hidden / heads;
    }

    static List<String> genericLabels(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("numLabels must be >= 1, got " + n);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("LABEL_" + i);
        }
        return names;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
