package dev.flinfer.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The optimisation profile of ONNX Runtime's TensorRT provider ({@code trt_profile_min_shapes},
 * {@code trt_profile_opt_shapes}, {@code trt_profile_max_shapes}) for a graph's inputs, from the
 * bounds the engine works within: the batch dimension from 1 to the largest batch, every other
 * dynamic dimension (tokens; an image side) from 1 to the longest the preprocessing produces, fixed
 * dimensions as the graph declares them. With a profile that covers every shape a batch can take,
 * TensorRT builds one engine and does not rebuild it when a batch of new length comes. The profile
 * is tuned for the largest shapes ({@code opt = max}), those of full batches of long texts.
 *
 * <pre>{@code
 * TensorRtProfiles.of(Map.of("input_ids", new long[] {-1, -1}), 32, 128)
 * // min "input_ids:1x1", opt and max "input_ids:32x128"
 * }</pre>
 *
 * @param min the value of {@code trt_profile_min_shapes}
 * @param opt the value of {@code trt_profile_opt_shapes}
 * @param max the value of {@code trt_profile_max_shapes}
 */
record TensorRtProfiles(String min, String opt, String max) {

    /**
     * The profile for {@code inputs} (name to shape, -1 for a dynamic dimension, in graph order),
     * or null when a bound is not known (0) or no dimension is dynamic.
     */
    static TensorRtProfiles of(Map<String, long[]> inputs, int maxBatch, int maxLength) {
        if (maxBatch < 1 || maxLength < 1) {
            return null;
        }
        List<String> min = new ArrayList<>();
        List<String> max = new ArrayList<>();
        boolean dynamic = false;
        for (Map.Entry<String, long[]> input : inputs.entrySet()) {
            long[] shape = input.getValue();
            if (shape.length == 0) {
                continue;
            }
            StringBuilder low = new StringBuilder(input.getKey()).append(':');
            StringBuilder high = new StringBuilder(input.getKey()).append(':');
            for (int i = 0; i < shape.length; i++) {
                String separator = i == 0 ? "" : "x";
                if (shape[i] >= 0) {
                    low.append(separator).append(shape[i]);
                    high.append(separator).append(shape[i]);
                } else {
                    dynamic = true;
                    low.append(separator).append(1);
                    high.append(separator).append(i == 0 ? maxBatch : maxLength);
                }
            }
            min.add(low.toString());
            max.add(high.toString());
        }
        if (!dynamic) {
            return null;
        }
        String highest = String.join(",", max);
        return new TensorRtProfiles(String.join(",", min), highest, highest);
    }
}
