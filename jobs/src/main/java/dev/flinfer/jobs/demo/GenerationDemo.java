package dev.flinfer.jobs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.jobs.JobOptions;
import dev.flinfer.jobs.local.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The generation part of the demo: prompts go through the text2text job (the seeded T5-style model,
 * two beams) and the text-generation job (the seeded GPT-2-style model, seeded sampling), with
 * continuous batching, and the generated texts come back with their length and finish reason; an
 * empty prompt and a prompt longer than the context end as dead letters. The models' weights are
 * seeded, not trained: their texts are gibberish, the path (tokenizer, graphs, cache, decoding) is
 * real.
 */
final class GenerationDemo {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROMPTS =
            List.of(
                    "Flink keeps the state of every operator in its checkpoints.",
                    "The weather in the mountains changed quickly this afternoon.",
                    "Kafka topics hold records in partitions, in order.",
                    "A short one.",
                    "Models change every week; the job runs for months.",
                    "Stream processing turns events into results as they arrive.",
                    "",
                    "word ".repeat(600));

    private final String device;

    GenerationDemo(String device) {
        this.device = device;
    }

    int run(EmbeddedKafka kafka) throws Exception {
        System.out.println();
        System.out.println(
                "== Generation: seeded T5-style and GPT-2-style models, continuous batching ==");
        System.out.println("(untrained seeded weights: the texts are gibberish, the path is real)");
        int status = run(kafka, JobOptions.Task.TEXT2TEXT, "summarize: {text}", 2, 0.0, 24);
        return status | run(kafka, JobOptions.Task.TEXT_GENERATION, "{text}", 1, 0.0, 64);
    }

    private int run(
            EmbeddedKafka kafka,
            JobOptions.Task task,
            String template,
            int beams,
            double temperature,
            int maxNewTokens)
            throws Exception {
        String prefix = "generation-" + task;
        JobOptions options = new JobOptions();
        options.task = task;
        options.device = device;
        options.batchSize = 8;
        options.generation.promptTemplate = template;
        options.generation.maxNewTokens = maxNewTokens;
        options.generation.numBeams = beams;
        options.generation.temperature = temperature;
        options.generation.seed = 7;
        JobClient job =
                DemoKafka.startJob(
                        kafka,
                        options,
                        prefix + "-in",
                        prefix + "-out",
                        prefix + "-dead-letters",
                        1);
        try {
            try (KafkaProducer<byte[], byte[]> producer = DemoKafka.producer(kafka)) {
                for (int i = 0; i < PROMPTS.size(); i++) {
                    String id = String.valueOf(i);
                    byte[] value =
                            JSON.writeValueAsBytes(
                                    JSON.createObjectNode()
                                            .put("id", id)
                                            .put("text", PROMPTS.get(i)));
                    producer.send(
                            new ProducerRecord<>(
                                    prefix + "-in", id.getBytes(StandardCharsets.UTF_8), value));
                }
            }
            return report(kafka, prefix);
        } finally {
            job.cancel().get();
        }
    }

    private static int report(EmbeddedKafka kafka, String prefix) throws Exception {
        int seen = 0;
        long deadline = System.currentTimeMillis() + 120_000;
        try (KafkaConsumer<byte[], byte[]> consumer =
                DemoKafka.consumer(kafka, "demo-" + prefix + "-reader")) {
            consumer.subscribe(List.of(prefix + "-out", prefix + "-dead-letters"));
            while (seen < PROMPTS.size() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen++;
                    JsonNode value = JSON.readTree(r.value());
                    if (r.topic().endsWith("dead-letters")) {
                        System.out.printf("  dead letter: %s%n", value.path("reason").asText());
                        continue;
                    }
                    JsonNode g = value.path("generation");
                    System.out.printf(
                            "  %s%n    -> %s  (%d tokens, %s, %s)%n",
                            DemoKafka.quote(value.path("text").asText()),
                            DemoKafka.quote(g.path("text").asText()),
                            g.path("tokens").asInt(),
                            g.path("finish_reason").asText(),
                            g.path("model").asText());
                }
            }
        }
        System.out.printf("%d of %d prompts came out%n", seen, PROMPTS.size());
        return seen == PROMPTS.size() ? 0 : 1;
    }
}
