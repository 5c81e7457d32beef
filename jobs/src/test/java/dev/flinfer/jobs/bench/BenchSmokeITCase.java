package dev.flinfer.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.jobs.FlinferMain;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark command's fast mode, end to end (in-process Kafka, local MiniCluster, real models):
 * every part runs and the JSON and charts it writes hold the figures. The figures themselves are
 * not asserted against targets: timing belongs to the benchmark, not to tests.
 */
@Timeout(600)
class BenchSmokeITCase {

    @Test
    void theSmokeBenchmarkWritesEveryFigureAsJsonAndCharts(@TempDir Path out) throws Exception {
        int code = FlinferMain.commandLine().execute("bench", "--smoke", "--out", out.toString());
        assertThat(code).isZero();

        JsonNode bench = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        List<String> names = new ArrayList<>();
        for (JsonNode workload : bench.get("workloads")) {
            String name = workload.get("name").asText();
            names.add(name);
            assertThat(workload.get("raw")).hasSize(2);
            for (JsonNode raw : workload.get("raw")) {
                assertThat(raw.get("per_second").asDouble()).as(name).isPositive();
                assertThat(raw.get("ms_per_batch").asDouble()).as(name).isPositive();
            }
            assertThat(workload.get("end_to_end")).hasSize(2);
            for (JsonNode e2e : workload.get("end_to_end")) {
                int maxBatch = e2e.get("max_batch_size").asInt();
                assertThat(e2e.get("per_second").asDouble()).as(name).isPositive();
                assertThat(e2e.get("ratio_to_raw").asDouble()).as(name).isPositive();
                assertThat(e2e.get("mean_batch_size").asDouble())
                        .as(name)
                        .isBetween(1.0, (double) maxBatch);
                assertThat(e2e.get("inference_ms_per_batch").asDouble()).as(name).isPositive();
                assertThat(e2e.get("padding_ratio").asDouble()).as(name).isBetween(0.0, 1.0);
            }
            assertThat(workload.at("/per_record/per_second").asDouble()).as(name).isPositive();
            JsonNode latency = workload.get("latency");
            assertThat(latency.get("p50_ms").asLong())
                    .isLessThanOrEqualTo(latency.get("p99_ms").asLong());
            assertThat(latency.get("p99_ms").asLong())
                    .isLessThanOrEqualTo(latency.get("max_ms").asLong());
            assertThat(latency.get("bound_ms").asDouble()).isGreaterThan(20);

            BufferedImage chart = ImageIO.read(out.resolve("bench-" + name + ".png").toFile());
            assertThat(chart.getWidth()).isEqualTo(800);
        }
        assertThat(names).containsExactly("text-short", "vit-small");
        assertThat(bench.at("/targets/end_to_end_vs_best_raw/ratio").asDouble()).isPositive();
        assertThat(bench.at("/targets/end_to_end_vs_per_record/ratio").asDouble()).isPositive();

        // the swap: version 1 to 2 and back, each at one clean cut (one subtask)
        JsonNode swaps = bench.at("/swap/swaps");
        assertThat(swaps).hasSize(2);
        for (JsonNode swap : swaps) {
            assertThat(swap.get("command_to_first_record_ms").asLong()).isPositive();
            assertThat(swap.get("load_in_job_ms").asLong()).isPositive();
            assertThat(swap.get("standalone_load_ms").asLong()).isPositive();
            assertThat(swap.get("old_version_after_new").asInt()).isZero();
            assertThat(swap.get("steady_per_second").asDouble()).isPositive();
        }
        assertThat(swaps.get(0).get("to").asInt()).isEqualTo(2);
        assertThat(swaps.get(1).get("to").asInt()).isEqualTo(1);
        assertThat(bench.at("/targets/swap_cost_vs_load_and_warm_up/ratio").asDouble())
                .isPositive();

        // preparation per thread: three JPEG sizes, baseline and progressive, on four paths, and
        // texts one and a batch a
        // call
        List<String> prepared = new ArrayList<>();
        for (JsonNode point : bench.get("prepare")) {
            prepared.add(point.get("input").asText() + " / " + point.get("path").asText());
            assertThat(point.get("per_second").asDouble()).as(point.toString()).isPositive();
            assertThat(point.get("per_second_per_thread").asDouble())
                    .isLessThanOrEqualTo(point.get("per_second").asDouble());
        }
        assertThat(prepared)
                .contains(
                        "1920x1080 JPEG / flinfer",
                        "1920x1080 JPEG / jdk",
                        "1920x1080 JPEG / full size",
                        "640x480 JPEG / flinfer",
                        "1920x1080 progressive JPEG / flinfer",
                        "320x240 progressive JPEG / before",
                        "320x240 JPEG / flinfer",
                        "short text / one per call",
                        "short text / batch of 32");
    }
}
