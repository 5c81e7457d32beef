package dev.flinfer.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.jobs.FlinferMain;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench generation} on a handful of records, end to end (in-process Kafka, local
 * MiniCluster, the bundled generation model): every mode runs, on the same tokens, and the JSON and
 * chart hold the figures. The figures are not held to the targets: timing belongs to the benchmark.
 */
@Timeout(300)
class BenchGenerationITCase {

    @Test
    void theSmokeGenerationBenchmarkWritesEveryModeAndItsRatios(@TempDir Path out)
            throws Exception {
        int code =
                FlinferMain.commandLine()
                        .execute("bench", "generation", "--smoke", "--out", out.toString());
        assertThat(code).isZero();

        JsonNode bench = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        assertThat(bench.get("workloads")).isEmpty();
        JsonNode generation = bench.get("generation");
        assertThat(generation.get("model").asText()).isEqualTo("gpt2-tiny-seeded");
        assertThat(generation.get("records").asInt()).isEqualTo(8);
        JsonNode one = generation.get("one_at_a_time");
        JsonNode batched = generation.get("static_batching").get(0);
        JsonNode continuous = generation.get("continuous_batching").get(0);
        JsonNode engine = generation.get("engine_continuous_batching").get(0);
        JsonNode endToEnd = generation.get("end_to_end").get(0);
        long tokens = one.get("tokens").asLong();
        assertThat(tokens).isGreaterThanOrEqualTo(8);
        for (JsonNode mode : new JsonNode[] {one, batched, continuous, engine}) {
            assertThat(mode.get("tokens").asLong()).isEqualTo(tokens);
            assertThat(mode.get("tokens_per_second").asDouble()).isPositive();
            assertThat(mode.get("records_per_second").asDouble()).isPositive();
            assertThat(mode.get("time_to_first_token_p50_ms").asDouble())
                    .isPositive()
                    .isLessThanOrEqualTo(mode.get("time_to_first_token_p99_ms").asDouble());
            assertThat(mode.get("mean_live_sequences_per_step").asDouble())
                    .isBetween(1.0, (double) mode.get("batch_size").asInt());
        }
        assertThat(one.get("mean_live_sequences_per_step").asDouble()).isEqualTo(1.0);
        assertThat(endToEnd.get("tokens").asLong()).isEqualTo(tokens);
        assertThat(endToEnd.get("tokens_per_second").asDouble()).isPositive();
        assertThat(endToEnd.get("latency_p50_ms").asLong())
                .isLessThanOrEqualTo(endToEnd.get("latency_p99_ms").asLong());
        JsonNode ratios = generation.get("ratios").get(0);
        assertThat(ratios.get("batch_size").asInt()).isEqualTo(4);
        assertThat(ratios.get("continuous_vs_static").asDouble()).isPositive();
        assertThat(ratios.get("continuous_vs_one_at_a_time").asDouble()).isPositive();
        assertThat(ratios.get("end_to_end_vs_continuous").asDouble()).isPositive();
        assertThat(ratios.get("engine_vs_continuous").asDouble()).isPositive();
        assertThat(ratios.get("end_to_end_vs_engine").asDouble()).isPositive();
        assertThat(bench.at("/targets/generation_continuous_vs_static/target").asDouble())
                .isEqualTo(1.5);

        BufferedImage chart = ImageIO.read(out.resolve("bench-generation.png").toFile());
        assertThat(chart.getWidth()).isEqualTo(800);
    }
}
