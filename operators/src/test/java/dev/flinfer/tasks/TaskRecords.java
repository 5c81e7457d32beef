package dev.flinfer.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.engine.EngineListener;
import dev.flinfer.engine.OneRecord;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.RecordHeader;
import dev.flinfer.record.SourceRecord;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Records in and outcomes out of a task's record adapter, for the task tests. */
public final class TaskRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskRecords() {}

    /** A record on topic {@code in} with key {@code key} and one header. */
    public static SourceRecord record(long offset, String key, byte[] value) {
        SourceRecord record =
                new SourceRecord("in", 0, offset, 1_700_000_000_000L, bytes(key), value);
        record.headers = new ArrayList<>(List.of(new RecordHeader("trace", bytes("t-" + offset))));
        return record;
    }

    public static SourceRecord json(long offset, String json) {
        return record(offset, "k" + offset, bytes(json));
    }

    /** The outcomes of {@code records} run one batch through {@code task}, in order. */
    public static <P, B> List<Outcome> runBatch(
            BatchTask<SourceRecord, P, B, Outcome> task, List<SourceRecord> records)
            throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        List<P> prepared = new ArrayList<>();
        List<SourceRecord> good = new ArrayList<>();
        Outcome[] byIndex = new Outcome[records.size()];
        List<Integer> goodIndex = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            try {
                prepared.add(task.prepare(records.get(i)));
                good.add(records.get(i));
                goodIndex.add(i);
            } catch (dev.flinfer.record.BadRecordException e) {
                byIndex[i] = task.reject(records.get(i), e);
            }
        }
        if (!prepared.isEmpty()) {
            B result = task.infer(prepared);
            for (int j = 0; j < good.size(); j++) {
                byIndex[goodIndex.get(j)] = task.finish(good.get(j), prepared.get(j), result, j);
            }
        }
        for (Outcome outcome : byIndex) {
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /** The outcome of one record through the one-record loop. */
    public static Outcome runOne(BatchTask<SourceRecord, ?, ?, Outcome> task, SourceRecord record) {
        return OneRecord.run(task, record, EngineListener.NONE);
    }

    public static JsonNode value(Outcome outcome) {
        try {
            return JSON.readTree(outcome.output.value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A line of black text on white, as PNG, turned by 180 degrees when {@code upsideDown}. */
    public static byte[] textLine(String text, boolean upsideDown) throws IOException {
        BufferedImage image = new BufferedImage(320, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 320, 48);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        if (upsideDown) {
            g.setTransform(AffineTransform.getRotateInstance(Math.PI, 160, 24));
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 28));
        g.drawString(text, 10, 34);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
