package dev.flinfer.tasks.imageclassification;

import static dev.flinfer.tasks.TaskRecords.bytes;
import static dev.flinfer.tasks.TaskRecords.record;
import static dev.flinfer.tasks.TaskRecords.runOne;
import static dev.flinfer.tasks.TaskRecords.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.image.Base64Images;
import dev.flinfer.image.ImageDecoder;
import dev.flinfer.image.ImageLimits;
import dev.flinfer.image.ImagePreprocessor;
import dev.flinfer.image.PreprocessorConfig;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.TaskRecords;
import dev.flinfer.tasks.imageclassification.ImageClassificationSettings.InputFormat;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image-classification task over records, on the real text-orientation model: raw and base64
 * JSON input, what the output holds, and what becomes a dead letter.
 */
class ImageClassificationTaskTest {
    private static BatchTask<SourceRecord, ?, ?, Outcome> raw;
    private static BatchTask<SourceRecord, ?, ?, Outcome> json;

    @BeforeAll
    static void open() {
        Configuration conf = new Configuration();
        conf.set(FlinferOptions.MODEL, "text-orientation");
        conf.set(FlinferOptions.DEVICE, "cpu");
        conf.set(FlinferOptions.INTRA_OP_THREADS, 1);
        conf.set(FlinferOptions.MAX_IMAGE_BYTES, 64 * 1024);
        ImageClassificationTask task = ImageClassificationTask.INSTANCE;
        raw = task.openRecords(task.settings(conf));
        conf.set(FlinferOptions.INPUT_FORMAT, InputFormat.JSON);
        conf.set(FlinferOptions.IMAGE_FIELD, "/media/png");
        conf.set(ImageClassificationTask.TOP_K, 1);
        json = task.openRecords(task.settings(conf));
    }

    @AfterAll
    static void close() {
        raw.close();
        json.close();
    }

    @Test
    void aRawImageBecomesAnEventWithItsIdSourceSizeAndLabels() throws Exception {
        byte[] png = TaskRecords.textLine("the quick brown fox", false);
        SourceRecord in = record(7, "img-7", png);
        Outcome outcome = runOne(raw, in);

        JsonNode out = value(outcome);
        assertThat(out.path("id").asText()).isEqualTo("img-7");
        assertThat(out.path("source").path("topic").asText()).isEqualTo("in");
        assertThat(out.path("source").path("offset").asLong()).isEqualTo(7);
        assertThat(out.path("image_bytes").asInt()).isEqualTo(png.length);
        JsonNode result = out.path("classification");
        assertThat(result.path("model").asText()).isEqualTo("text-orientation");
        assertThat(result.path("labels")).hasSize(2);
        assertThat(result.path("labels").get(0).path("label").asText()).isEqualTo("upright");
        assertThat(outcome.output.headers).isEqualTo(in.headers);
    }

    @Test
    void aBase64ImageInAJsonEventIsClassifiedInPlace() throws Exception {
        String base64 =
                Base64.getEncoder().encodeToString(TaskRecords.textLine("upside down text", true));
        Outcome outcome =
                runOne(
                        json,
                        record(
                                8,
                                "k",
                                bytes("{\"id\": 8, \"media\": {\"png\": \"" + base64 + "\"}}")));

        JsonNode out = value(outcome);
        assertThat(out.path("id").asInt()).isEqualTo(8);
        assertThat(out.path("media").path("png").asText()).isEqualTo(base64);
        assertThat(out.path("classification").path("labels")).hasSize(1);
        assertThat(out.path("classification").path("labels").get(0).path("label").asText())
                .isEqualTo("upside_down");
    }

    @Test
    void badImagesAreDeadLetters() throws Exception {
        assertDead(raw, record(1, "k", null), "null-value");
        assertDead(raw, record(2, "k", bytes("not an image at all")), null);
        assertDead(raw, record(3, "k", new byte[64 * 1024 + 1]), "image-too-large");
        assertDead(json, record(4, "k", bytes("{\"media\": {\"png\": \"ab=c\"}}")), "wrong-type");
        assertDead(json, record(5, "k", bytes("{\"media\": {}}")), "missing-field");
        int overRule =
                new Base64Images("x", new dev.flinfer.image.ImageLimits(64 * 1024, 1000))
                                .maxRecordBytes()
                        + 1;
        assertDead(json, record(6, "k", new byte[overRule]), "too-large");
    }

    private static void assertDead(
            BatchTask<SourceRecord, ?, ?, Outcome> task, SourceRecord record, String code) {
        Outcome outcome = runOne(task, record);
        assertThat(outcome.isDeadLetter()).isTrue();
        if (code != null) {
            assertThat(outcome.deadLetter.code).isEqualTo(code);
        }
        assertThat(outcome.deadLetter.model).isEqualTo("text-orientation");
        assertThat(outcome.deadLetter.record.value).isEqualTo(record.value);
    }

    /** A 960 x 96 JPEG of a text line: the 48 px model's resize allows decoding it at 1/2. */
    private static byte[] wideTextLineJpeg() throws Exception {
        BufferedImage image = new BufferedImage(960, 96, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 960, 96);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 60));
        g.drawString("reduced or full size", 20, 70);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    @Test
    void fullSizeDecodingGivesTheFullDecodersTensorAndTheDefaultAReducedOne() throws Exception {
        byte[] jpeg = wideTextLineJpeg();
        Configuration conf = new Configuration();
        conf.set(FlinferOptions.MODEL, "text-orientation");
        conf.set(FlinferOptions.DEVICE, "cpu");
        conf.set(FlinferOptions.INTRA_OP_THREADS, 1);
        ImageClassificationTask task = ImageClassificationTask.INSTANCE;
        ImageClassificationSettings reducedSettings = task.settings(conf);
        conf.set(FlinferOptions.REDUCED_DECODING, false);
        ImageClassificationSettings fullSettings = task.settings(conf);
        assertThat(reducedSettings.reducedDecoding()).isTrue();
        assertThat(fullSettings.reducedDecoding()).isFalse();

        try (ImageClassificationModel reduced = task.openModel(reducedSettings);
                ImageClassificationModel full = task.openModel(fullSettings)) {
            ModelBundle bundle = full.bundle();
            ImagePreprocessor preprocessor =
                    new ImagePreprocessor(
                            PreprocessorConfig.parse(
                                    bundle.readJsonObject(ModelBundle.PREPROCESSOR), "bundle"));
            assertThat(preprocessor.reduction(960, 96)).isEqualTo(2);
            float[] fullSize =
                    preprocessor.toTensor(new ImageDecoder(ImageLimits.DEFAULT).decode(jpeg));

            assertThat(full.prepare(jpeg)).containsExactly(fullSize);
            float[] halfSize = reduced.prepare(jpeg);
            assertThat(halfSize).hasSameSizeAs(fullSize).isNotEqualTo(fullSize);
            assertThat(reduced.result(reduced.infer(List.of(halfSize)), 0).get(0).label())
                    .isEqualTo(full.result(full.infer(List.of(fullSize)), 0).get(0).label())
                    .isEqualTo("upright");
        }
    }
}
