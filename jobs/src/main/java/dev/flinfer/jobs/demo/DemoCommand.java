package dev.flinfer.jobs.demo;

import dev.flinfer.jobs.local.EmbeddedKafka;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The local demo: an in-process Kafka broker (KRaft) and a Flink MiniCluster, Flinfer's jobs
 * running exactly-once between topics with the bundled models, plain Kafka clients producing and
 * consuming.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Runs Flinfer's jobs end to end on an in-process Kafka broker and a local MiniCluster,"
                        + " and prints what comes out. PART: text (sentence embeddings), images (text-line"
                        + " orientation), moderation (posts routed by a policy), generation (text2text and"
                        + " text-generation), or all (default).")
public final class DemoCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "PART",
            defaultValue = "all",
            description = "text, images, moderation, generation or all (default ${DEFAULT-VALUE}).")
    String part;

    @Option(
            names = "--records",
            description = "Text posts to send (default ${DEFAULT-VALUE}).",
            defaultValue = "500")
    int records;

    @Option(
            names = "--rate",
            description = "Text posts per second offered (default ${DEFAULT-VALUE}).",
            defaultValue = "100")
    int rate;

    @Option(
            names = "--images",
            description = "Text-line images to send (default ${DEFAULT-VALUE}).",
            defaultValue = "40")
    int images;

    @Option(
            names = "--model",
            description = "Text model name or bundle directory (default ${DEFAULT-VALUE}).",
            defaultValue = "all-minilm-l6-v2")
    String model;

    @Option(
            names = "--device",
            description = "auto, cpu or cuda:N (default ${DEFAULT-VALUE}).",
            defaultValue = "auto")
    String device;

    @Option(
            names = "--batch-size",
            description = "Max batch size (default ${DEFAULT-VALUE}).",
            defaultValue = "32")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        if (!java.util.List.of("all", "text", "images", "moderation", "generation")
                .contains(part)) {
            throw new IllegalArgumentException(
                    "Unknown demo part '"
                            + part
                            + "': expected text, images, moderation, generation or all");
        }
        System.out.println("Flinfer demo: ONNX models inside Flink, Kafka to Kafka");
        int status = 0;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            System.out.println("Kafka broker (KRaft, in-process) at " + kafka.bootstrapServers());
            boolean all = part.equals("all");
            if (all || part.equals("text")) {
                status |= new TextDemo(records, rate, model, device, batchSize).run(kafka);
            }
            if (all || part.equals("images")) {
                status |= new ImageDemo(images, device).run(kafka);
            }
            if (all || part.equals("moderation")) {
                status |= new ModerationDemo(device).run(kafka);
            }
            if (all || part.equals("generation")) {
                status |= new GenerationDemo(device).run(kafka);
            }
        }
        return status;
    }
}
