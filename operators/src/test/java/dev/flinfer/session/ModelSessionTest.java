package dev.flinfer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.bundle.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions of the real MiniLM model: what the graph declares, where it runs, how it closes. */
class ModelSessionTest {
    private static final Path NVIDIA_DRIVER = Path.of("/proc/driver/nvidia/version");

    private static ModelBundle minilm() {
        return ModelCatalog.resolve("all-minilm-l6-v2");
    }

    @Test
    void aCpuSessionDeclaresTheInputsAndOutputsOfABertEncoder() {
        try (ModelSession session = ModelSession.open(minilm(), SessionSettings.cpu(1))) {
            assertThat(session.inputs().keySet())
                    .containsExactlyInAnyOrder("input_ids", "attention_mask", "token_type_ids");
            assertThat(session.outputs().keySet()).contains("last_hidden_state");
            assertThat(session.bundle().name()).isEqualTo("all-minilm-l6-v2");
        }
    }

    @Test
    void aCpuSessionRunsOnCpuWithoutFallback() {
        try (ModelSession session = ModelSession.open(minilm(), SessionSettings.cpu(1))) {
            assertThat(session.activeDevice()).isEqualTo("cpu");
            assertThat(session.fallbackReason()).isNull();
        }
    }

    @Test
    void stopRunsEndsALongRunInProgressWithAnError() throws Exception {
        try (ModelSession session = ModelSession.open(minilm(), SessionSettings.cpu(1))) {
            // 128 texts of 256 tokens on one thread: seconds of work.
            java.util.List<dev.flinfer.text.TokenizedText> rows = new java.util.ArrayList<>();
            long[] ids = new long[256];
            java.util.Arrays.fill(ids, 2000);
            ids[0] = 101;
            ids[255] = 102;
            for (int i = 0; i < 128; i++) {
                rows.add(new dev.flinfer.text.TokenizedText(ids.clone(), new long[256]));
            }
            var feeds = TokenTensors.feeds(session, dev.flinfer.text.TokenBatch.pad(rows, 0));
            java.util.concurrent.CompletableFuture<Long> run =
                    java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> {
                                long start = System.nanoTime();
                                try (var result = session.run(feeds)) {
                                    return System.nanoTime() - start;
                                } catch (ai.onnxruntime.OrtException e) {
                                    throw new java.util.concurrent.CompletionException(e);
                                }
                            });
            Thread.sleep(300);
            session.stopRuns();

            assertThatThrownBy(() -> run.get(60, java.util.concurrent.TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(ai.onnxruntime.OrtException.class)
                    .hasMessageContaining("terminate");
            assertThatThrownBy(() -> session.run(feeds).close())
                    .isInstanceOf(ai.onnxruntime.OrtException.class);
            TokenTensors.close(feeds);
        }
    }

    @Test
    void closingTwiceIsFine() {
        ModelSession session = ModelSession.open(minilm(), SessionSettings.cpu(1));

        session.close();
        session.close();
    }

    @Test
    void autoWithoutAnNvidiaDriverRunsOnCpuAndSaysWhy() {
        try (ModelSession session =
                ModelSession.open(minilm(), new SessionSettings(Device.AUTO, 1))) {
            if (!Files.exists(NVIDIA_DRIVER)) {
                assertThat(session.activeDevice()).isEqualTo("cpu");
                assertThat(session.fallbackReason())
                        .contains("no NVIDIA driver")
                        .contains(NVIDIA_DRIVER.toString());
            } else {
                assertThat(session.activeDevice()).isIn("cpu", "cuda:0");
            }
        }
    }

    @Test
    void aModelFileOfRandomBytesIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("garbage"));
        Files.copy(minilm().directory().resolve(ModelBundle.CONFIG), bundle.resolve("config.json"));
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Files.write(bundle.resolve(ModelBundle.MODEL), garbage);
        ModelBundle broken = ModelBundle.open(bundle);

        assertThatThrownBy(() -> ModelSession.open(broken, SessionSettings.cpu(1)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(bundle.resolve("model.onnx").toAbsolutePath().toString())
                .hasMessageContaining("ONNX Runtime cannot load it");
    }

    @Test
    void anExplicitGpuThatCannotLoadFailsAtStartNamingTheProvider() {
        for (String gpu : new String[] {"cuda:0", "tensorrt:0"}) {
            SessionSettings settings = new SessionSettings(Device.parse(gpu), 1);
            if (Files.exists(NVIDIA_DRIVER)) {
                try (ModelSession session = ModelSession.open(minilm(), settings)) {
                    assertThat(session.activeDevice()).isEqualTo(gpu);
                }
                continue;
            }
            assertThatThrownBy(() -> ModelSession.open(minilm(), settings))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining(
                            gpu.startsWith("cuda") ? "the CUDA provider" : "the TensorRT provider")
                    .hasMessageContaining("for " + gpu + " cannot be loaded")
                    .hasMessageContaining(minilm().modelPath().toString());
        }
    }

    @Test
    void afterCudaFailsToLoadAutoRunsOnCpuForABackOffThenTriesCudaAgain(@TempDir Path dir)
            throws Exception {
        // Told a driver is there, auto really tries CUDA: on a machine without CUDA's libraries
        // (libcublasLt.so.12) ONNX Runtime's CUDA provider fails to load, a real failure.
        Path driver = Files.writeString(dir.resolve("version"), "NVRM version: as the test says");
        AtomicLong clock = new AtomicLong();
        CudaAttempts attempts =
                new CudaAttempts(
                        driver, clock::get, Duration.ofSeconds(30), Duration.ofSeconds(60));
        SessionSettings auto = new SessionSettings(Device.AUTO, 1);
        List<String> reasons = new ArrayList<>();
        for (int second : new int[] {0, 29, 30, 59, 90}) {
            clock.set(Duration.ofSeconds(second).toNanos());
            try (ModelSession session = ModelSession.open(minilm(), auto, attempts)) {
                if (Files.exists(NVIDIA_DRIVER)) {
                    assertThat(session.activeDevice()).isIn("cpu", "cuda:0");
                    return;
                }
                assertThat(session.activeDevice()).isEqualTo("cpu");
                // the cpuFallback gauge reads this
                reasons.add(session.fallbackReason());
            }
        }
        assertThat(reasons.get(0)).startsWith("CUDA could not be loaded: ");
        assertThat(reasons.get(1))
                .startsWith(reasons.get(0))
                .contains("earlier in this JVM; CUDA is tried again in 1 s");
        // the back-off passed: CUDA is tried (and fails) again, and the next back-off is 60 s
        assertThat(reasons.get(2)).isEqualTo(reasons.get(0));
        assertThat(reasons.get(3)).contains("tried again in 31 s");
        assertThat(reasons.get(4)).isEqualTo(reasons.get(0));
    }
}
