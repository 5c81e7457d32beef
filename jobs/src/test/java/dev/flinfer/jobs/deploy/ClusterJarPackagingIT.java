package dev.flinfer.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster jar (target/flinfer-jobs-cluster.jar, what the image puts in usrlib/ and {@code flink
 * run} submits) after {@code package}: Flink, ONNX Runtime and the demo's broker are left to the
 * cluster, and the jar runs a job on a classpath holding only what a Flink 2.2 distribution's lib/
 * holds (Flink, its dependencies, Log4j) plus the jars the image adds to lib/.
 */
@Timeout(300)
class ClusterJarPackagingIT {
    /** Jars of a Flink distribution's lib/: flink-dist's modules and dependencies, Log4j. */
    private static final Pattern FLINK_LIB =
            Pattern.compile(
                    ".*/(org/apache/flink/flink-(annotations|clients|core|core-api|datastream|"
                            + "datastream-api|file-sink-common|hadoop-fs|metrics-core|"
                            + "queryable-state-client-java|rpc-akka-loader|rpc-core|runtime|"
                            + "shaded-[a-z0-9-]+|streaming-java|connector-files|connector-base|"
                            + "connector-datagen)|com/esotericsoftware|org/objenesis|org/javassist|"
                            + "org/snakeyaml|tools/profiler|com/google/code/findbugs|org/apache/commons|"
                            + "commons-cli|commons-collections|commons-io|org/apache/logging/log4j|"
                            + "org/slf4j/slf4j-api)/.*\\.jar");

    private final Path jar = Path.of(System.getProperty("flinfer.jobJar"));
    private final Path lib = Path.of(System.getProperty("flinfer.libDir"));

    @TempDir Path work;

    @Test
    void theClusterJarLeavesFlinkOnnxRuntimeAndTheBrokerOut() throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = file.stream().map(e -> e.getName()).toList();
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.flinfer.jobs.FlinferMain");
            assertThat(names)
                    .contains(
                            "dev/flinfer/jobs/FlinferMain.class",
                            "org/apache/flink/connector/kafka/source/KafkaSource.class",
                            "org/apache/kafka/clients/producer/KafkaProducer.class",
                            // moderation policy files are YAML, read on the cluster too
                            "com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class",
                            "org/yaml/snakeyaml/Yaml.class",
                            "flinfer/models/all-minilm-l6-v2/model.onnx")
                    .noneMatch(n -> n.startsWith("org/apache/flink/runtime/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/streaming/api/environment/"))
                    .noneMatch(n -> n.startsWith("ai/onnxruntime/"))
                    .noneMatch(n -> n.startsWith("kafka/server/"))
                    .noneMatch(n -> n.startsWith("scala/"))
                    .noneMatch(n -> n.startsWith("org/apache/logging/log4j/"));
        }
    }

    @Test
    void everyBuildOutputTheDockerfileCopiesExistsAfterPackage() throws Exception {
        String dockerfile =
                DeploymentFiles.expand(
                        DeploymentFiles.read("docker/Dockerfile"), DeploymentFiles.dockerArgs());
        java.util.regex.Matcher copy =
                Pattern.compile("(?m)^COPY --chown=flink:flink (jobs/target/\\S+) ")
                        .matcher(dockerfile);
        List<String> sources = new ArrayList<>();
        while (copy.find()) {
            sources.add(copy.group(1));
        }
        assertThat(sources).hasSize(4);
        for (String source : sources) {
            assertThat(DeploymentFiles.root().resolve(source)).as(source).isRegularFile();
        }
    }

    @Test
    void theClusterJarRunsAJobOnAFlinkDistributionsClasspathPlusTheImagesLibJars()
            throws Exception {
        List<String> classpath = new ArrayList<>(List.of(jar.toString()));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (FLINK_LIB.matcher(entry.replace('\\', '/')).matches()) {
                classpath.add(entry);
            }
        }
        try (Stream<Path> jars = Files.list(lib)) {
            jars.forEach(p -> classpath.add(p.toString())); // onnxruntime_gpu, tokenizers, djl api
        }
        Path in = work.resolve("in.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add(
                    "{\"id\":\"" + i + "\",\"text\":\"record " + i + " on a cluster classpath\"}");
        }
        Files.write(in, lines);
        Path out = work.resolve("out.jsonl");
        Process process =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-cp",
                                String.join(File.pathSeparator, classpath),
                                "dev.flinfer.jobs.FlinferMain",
                                "--input",
                                "file:" + in,
                                "--output",
                                "file:" + out,
                                "--device",
                                "cpu",
                                "--threads",
                                "1")
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve("job.log").toFile())
                        .start();
        assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("job finished").isTrue();
        assertThat(process.exitValue())
                .as("exit code; log:%n%s", Files.readString(work.resolve("job.log")))
                .isZero();
        List<String> written = Files.readAllLines(out);
        assertThat(written).hasSize(20);
        for (String line : written) {
            assertThat(new ObjectMapper().readTree(line).path("embedding").path("vector"))
                    .hasSize(384);
        }
    }
}
