package dev.flinfer.tasks.imageclassification;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.classification.Classifier;
import dev.flinfer.classification.LabelScore;
import dev.flinfer.image.ImageDecoder;
import dev.flinfer.image.ImageLimits;
import dev.flinfer.image.ImagePreprocessor;
import dev.flinfer.image.PreprocessorConfig;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.session.ModelSession;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.session.TensorBufferPool;
import dev.flinfer.session.TensorBuffers;
import dev.flinfer.tasks.ModelTask;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;

/**
 * An image classifier (ViT or any model exported in Hugging Face layout): preprocessing from {@code
 * preprocessor_config.json}, an ONNX Runtime session, and softmax / sigmoid / top-k with {@code
 * id2label}.
 *
 * <pre>{@code
 * try (ImageClassificationModel model = ImageClassificationModel.open(bundle, SessionSettings.cpu(2), 5)) {
 *     float[] pixels = model.preprocessor().toTensor(image);
 *     float[][] logits = model.infer(List.of(pixels));
 *     List<LabelScore> top = model.classifier().scores(logits[0], 0);
 * }
 * }</pre>
 *
 * <p>Checked at open, each failure naming the file: the graph has exactly one float input of rank 4
 * (its name comes from the graph: {@code pixel_values}, {@code x}, ...), a fixed input size in the
 * graph matches the preprocessed size, the output ({@code logits}, or the only output) has rank 2,
 * and its width matches the number of labels in {@code config.json} (checked with a warm-up
 * inference).
 */
@PublicEvolving
public final class ImageClassificationModel
        extends ModelTask<byte[], float[], float[][], List<LabelScore>> {
    public static final String LOGITS = "logits";

    /** Every image at its own size. */
    private static final ImageDecoder.Reduction FULL_SIZE = (width, height) -> 1;

    private final ModelBundle bundle;
    private final ModelSession session;
    private final ImageDecoder decoder;
    private final boolean reducedDecoding;
    private final ImagePreprocessor preprocessor;
    private final Classifier classifier;
    private final String inputName;
    private final String outputName;
    private final TensorBufferPool bufferPool = new TensorBufferPool();

    private ImageClassificationModel(
            ModelBundle bundle,
            ModelSession session,
            ImageLimits limits,
            boolean reducedDecoding,
            ImagePreprocessor preprocessor,
            Classifier classifier,
            String inputName,
            String outputName) {
        super(List.of(session), List.of());
        this.bundle = bundle;
        this.session = session;
        this.decoder = new ImageDecoder(limits);
        this.reducedDecoding = reducedDecoding;
        this.preprocessor = preprocessor;
        this.classifier = classifier;
        this.inputName = inputName;
        this.outputName = outputName;
    }

    /** Opens the classifier in {@code bundle}, returning the {@code topK} best labels (0 = all). */
    public static ImageClassificationModel open(
            ModelBundle bundle, SessionSettings settings, int topK) {
        return open(bundle, settings, topK, ImageLimits.DEFAULT);
    }

    /**
     * Opens the classifier in {@code bundle}; images are decoded within {@code limits} (checked
     * from the header, before decoding).
     */
    public static ImageClassificationModel open(
            ModelBundle bundle, SessionSettings settings, int topK, ImageLimits limits) {
        return open(bundle, settings, topK, limits, true);
    }

    /**
     * Opens the classifier in {@code bundle}; images are decoded within {@code limits}, at reduced
     * size where the resize allows when {@code reducedDecoding} ({@link ImageDecoder#decode(byte[],
     * ImageDecoder.Reduction)}), else always at full size.
     */
    public static ImageClassificationModel open(
            ModelBundle bundle,
            SessionSettings settings,
            int topK,
            ImageLimits limits,
            boolean reducedDecoding) {
        String preprocessorFile = bundle.requireFile(ModelBundle.PREPROCESSOR).toString();
        PreprocessorConfig preprocessing;
        try {
            preprocessing =
                    PreprocessorConfig.parse(
                            bundle.readJsonObject(ModelBundle.PREPROCESSOR), preprocessorFile);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        Classifier classifier = Classifier.fromBundle(bundle, topK);
        ImagePreprocessor preprocessor = new ImagePreprocessor(preprocessing);
        ModelSession session =
                ModelSession.open(
                        bundle,
                        settings.withMaxLength(
                                Math.max(
                                        preprocessing.outputHeight(),
                                        preprocessing.outputWidth())));
        return closingOnFailure(
                session,
                () -> {
                    String input = imageInput(bundle, session, preprocessor);
                    String output = scoreOutput(bundle, session);
                    ImageClassificationModel model =
                            new ImageClassificationModel(
                                    bundle,
                                    session,
                                    limits,
                                    reducedDecoding,
                                    preprocessor,
                                    classifier,
                                    input,
                                    output);
                    model.warmUp(bundle, classifier);
                    return model;
                });
    }

    /** Decodes {@code image} safely and preprocesses it; a bad record when it cannot be read. */
    @Override
    public float[] prepare(byte[] image) throws BadRecordException {
        // camera-sized JPEGs decode straight to about the size the resize wants
        return preprocessor.toTensor(
                decoder.decode(image, reducedDecoding ? preprocessor::reduction : FULL_SIZE));
    }

    @Override
    public int cost(float[] pixels) {
        return 1;
    }

    @Override
    public List<LabelScore> result(float[][] scores, int index) {
        return classify(scores[index]);
    }

    @Override
    public ModelBundle bundle() {
        return bundle;
    }

    /**
     * Scores of each image (CHW floats from {@link #preprocessor()}), one row per image. The batch
     * is written into a direct buffer reused from batch to batch. Thread-safe: batches may run at
     * once, each on a buffer of its own.
     */
    @Override
    public float[][] infer(List<float[]> images) throws OrtException {
        TensorBuffers buffers = bufferPool.take();
        try {
            int perImage = 3 * preprocessor.height() * preprocessor.width();
            FloatBuffer batch = buffers.floats(inputName, images.size() * perImage);
            for (float[] image : images) {
                batch.put(image, 0, perImage);
            }
            batch.flip();
            long[] shape = {images.size(), 3, preprocessor.height(), preprocessor.width()};
            try (OnnxTensor tensor = OnnxTensor.createTensor(session.environment(), batch, shape);
                    OrtSession.Result result =
                            session.run(Map.of(inputName, tensor), java.util.Set.of(outputName))) {
                OnnxValue value = result.get(0);
                return (float[][]) value.getValue();
            }
        } finally {
            bufferPool.give(buffers);
        }
    }

    /** The best labels for one row of scores. */
    public List<LabelScore> classify(float[] scores) {
        return classifier.scores(scores, 0);
    }

    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    public Classifier classifier() {
        return classifier;
    }

    public int numLabels() {
        return classifier.labels().size();
    }

    public ModelSession session() {
        return session;
    }

    private void warmUp(ModelBundle bundle, Classifier classifier) {
        float[][] scores;
        try {
            scores = infer(List.of(new float[3 * preprocessor.height() * preprocessor.width()]));
        } catch (OrtException e) {
            throw new ModelLoadException(
                    "Model file "
                            + bundle.modelPath()
                            + ": warm-up inference on a "
                            + preprocessor.height()
                            + "x"
                            + preprocessor.width()
                            + " image failed: "
                            + e.getMessage(),
                    e);
        }
        classifier.checkWidth(bundle, scores[0].length, "scores per image");
    }

    private static String imageInput(
            ModelBundle bundle, ModelSession session, ImagePreprocessor preprocessor) {
        Map<String, NodeInfo> inputs = session.inputs();
        if (inputs.size() != 1) {
            throw new ModelLoadException(
                    "Model file "
                            + bundle.modelPath()
                            + ": an image classifier takes one"
                            + " input, this graph declares "
                            + inputs.keySet());
        }
        Map.Entry<String, NodeInfo> input = inputs.entrySet().iterator().next();
        if (!(input.getValue().getInfo() instanceof TensorInfo info)
                || info.getShape().length != 4) {
            throw new ModelLoadException(
                    "Model file "
                            + bundle.modelPath()
                            + ": input '"
                            + input.getKey()
                            + "' is not a rank-4 tensor [N,3,H,W]: "
                            + input.getValue().getInfo());
        }
        long[] shape = info.getShape();
        if ((shape[1] > 0 && shape[1] != 3)
                || (shape[2] > 0 && shape[2] != preprocessor.height())
                || (shape[3] > 0 && shape[3] != preprocessor.width())) {
            throw new ModelLoadException(
                    "Model file "
                            + bundle.modelPath()
                            + ": input '"
                            + input.getKey()
                            + "' has shape "
                            + java.util.Arrays.toString(shape)
                            + " but "
                            + ModelBundle.PREPROCESSOR
                            + " produces [N,3,"
                            + preprocessor.height()
                            + ","
                            + preprocessor.width()
                            + "]");
        }
        return input.getKey();
    }

    private static String scoreOutput(ModelBundle bundle, ModelSession session) {
        Map<String, NodeInfo> outputs = session.outputs();
        String name =
                outputs.containsKey(LOGITS)
                        ? LOGITS
                        : outputs.size() == 1 ? outputs.keySet().iterator().next() : null;
        if (name == null) {
            throw new ModelLoadException(
                    "Model file "
                            + bundle.modelPath()
                            + ": no '"
                            + LOGITS
                            + "' output among "
                            + outputs.keySet());
        }
        if (!(outputs.get(name).getInfo() instanceof TensorInfo info)
                || info.getShape().length != 2) {
            throw new ModelLoadException(
                    "Model file "
                            + bundle.modelPath()
                            + ": output '"
                            + name
                            + "' is not a rank-2 tensor [N,labels]: "
                            + outputs.get(name).getInfo());
        }
        return name;
    }
}
