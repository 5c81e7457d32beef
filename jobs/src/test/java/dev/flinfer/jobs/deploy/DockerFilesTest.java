package dev.flinfer.jobs.deploy;

import static dev.flinfer.jobs.deploy.DeploymentFiles.dockerArgs;
import static dev.flinfer.jobs.deploy.DeploymentFiles.pomProperty;
import static dev.flinfer.jobs.deploy.DeploymentFiles.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinfer.jobs.JobOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** docker/Dockerfile, docker/compose.yaml and docker/prometheus.yml against the poms and Flink. */
class DockerFilesTest {
    static final String PARENT_FIRST = "classloader.parent-first-patterns.additional";
    private static final FlinkConfigKeys KEYS = FlinkConfigKeys.scan();

    @Test
    void theImageIsTheOfficialJava17FlinkImageOfThePomsVersionsOfFlinkOnnxRuntimeAndDjl()
            throws Exception {
        Map<String, String> args = dockerArgs();
        assertThat(args.get("FLINK_VERSION")).isEqualTo(pomProperty("flink.version"));
        assertThat(args.get("ONNXRUNTIME_VERSION")).isEqualTo(pomProperty("onnxruntime.version"));
        assertThat(args.get("DJL_VERSION")).isEqualTo(pomProperty("djl.version"));
        assertThat(read("docker/Dockerfile"))
                .containsOnlyOnce("\nFROM flink:${FLINK_VERSION}-scala_2.12-java17\n");
    }

    @Test
    void theImageInstallsPinnedCuda12AndCudnn9RuntimeLibrariesOnly() throws Exception {
        String dockerfile = read("docker/Dockerfile");
        int install = dockerfile.indexOf("apt-get install -y --no-install-recommends \\\n");
        assertThat(install).as("the CUDA apt-get install").isPositive();
        String packages = dockerfile.substring(install, dockerfile.indexOf("apt-mark", install));
        // what libonnxruntime_providers_cuda.so links: cudart, cublas(Lt), cufft, curand, cudnn
        for (String pkg :
                List.of("cuda-cudart-12-", "libcublas-12-", "libcufft-12-", "libcurand-12-")) {
            assertThat(packages).containsPattern(Pattern.quote(pkg) + "8=[\\d.]+-1 ");
        }
        assertThat(packages).containsPattern("libcudnn9-cuda-12=9\\.[\\d.]+-1;");
        assertThat(packages).doesNotContain("toolkit", "nvcc", "-dev");
    }

    @Test
    void theTestsTheImageNamesExist() throws Exception {
        Matcher named =
                Pattern.compile("\\b[A-Z]\\w+(Test|ITCase|IT)\\b")
                        .matcher(read("docker/Dockerfile"));
        List<String> names = new ArrayList<>();
        while (named.find()) {
            names.add(named.group());
        }
        assertThat(names).isNotEmpty();
        List<String> tests;
        try (Stream<Path> files = Files.walk(DeploymentFiles.root().resolve("jobs/src/test"))) {
            tests = files.map(file -> file.getFileName().toString()).toList();
        }
        for (String name : names) {
            assertThat(tests).as("the test the Dockerfile names").contains(name + ".java");
        }
    }

    @Test
    void theImageHasNoTensorRtAndSaysSo() throws Exception {
        String dockerfile = read("docker/Dockerfile");
        assertThat(dockerfile).doesNotContain("libnvinfer10", "tensorrt=", "libnvonnxparsers");
        assertThat(dockerfile.replaceAll("\n# ", " "))
                .contains(
                        "No TensorRT libraries (libnvinfer*): in this image --device tensorrt:N fails at start");
    }

    @Test
    void theImageCopiesTheJarsTheJobsBuildWrites() throws Exception {
        Map<String, String> args = dockerArgs();
        String dockerfile = DeploymentFiles.expand(read("docker/Dockerfile"), args);
        Element jobs = DeploymentFiles.pom("jobs/pom.xml").getDocumentElement();
        // the cluster jar (Flink provided), the first shade execution of jobs/pom.xml
        assertThat(text(jobs, "outputFile"))
                .isEqualTo("${project.build.directory}/flinfer-jobs-cluster.jar");
        assertThat(dockerfile)
                .contains(
                        "COPY --chown=flink:flink jobs/target/flinfer-jobs-cluster.jar"
                                + " /opt/flink/usrlib/flinfer-jobs.jar\n");
        // the jobs build copies these into jobs/target/lib (maven-dependency-plugin, package)
        assertThat(text(jobs, "destFileName")).isEqualTo("onnxruntime_gpu.jar");
        assertThat(dockerfile)
                .contains("jobs/target/lib/onnxruntime_gpu.jar /opt/flink/lib/")
                .contains("jobs/target/lib/tokenizers-" + pomProperty("djl.version") + ".jar")
                .contains("jobs/target/lib/api-" + pomProperty("djl.version") + ".jar");
    }

    @Test
    void everyFlinkSettingOfTheImageAndTheComposeFileIsARealKey() throws Exception {
        Map<String, String> image = DeploymentFiles.dockerConfig();
        assertThat(image).containsEntry(PARENT_FIRST, "ai.onnxruntime.;ai.djl.");
        assertThat(KEYS.unknown(image)).isEmpty();
        Map<String, String> compose = composeFlinkProperties();
        assertThat(compose)
                .containsEntry(PARENT_FIRST, "ai.onnxruntime.;ai.djl.")
                .containsKeys("execution.checkpointing.dir", "metrics.reporter.prom.port");
        assertThat(KEYS.unknown(compose)).isEmpty();
    }

    @Test
    void theComposeJobIsSubmittedWithArgumentsTheJobAccepts() throws Exception {
        JsonNode submit = compose().path("services").path("submit-job");
        List<String> command = DeploymentFiles.list(submit.path("command"));
        assertThat(command.subList(0, 4))
                .containsExactly(
                        "flink", "run", "--detached", "/opt/flink/usrlib/flinfer-jobs.jar");
        JobOptions options = JobArguments.parse(command.subList(4, command.size()));
        assertThat(options.inputEndpoint().isKafka()).isTrue();
        assertThat(options.inputEndpoint().servers()).isEqualTo("kafka:9092");
        assertThat(createdTopics())
                .contains(
                        options.inputEndpoint().topic(),
                        options.outputEndpoint().topic(),
                        options.deadLetterEndpoint().topic());
        int slots = Integer.parseInt(composeFlinkProperties().get("taskmanager.numberOfTaskSlots"));
        assertThat(options.parallelism).as("one TaskManager's slots").isLessThanOrEqualTo(slots);
    }

    @Test
    void theComposeClusterHasKraftKafkaAGpuTaskManagerAndPrometheusScrapingTheReporter()
            throws Exception {
        JsonNode services = compose().path("services");
        assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
                .isEqualTo("broker,controller");
        assertThat(services.path("kafka").path("image").asText())
                .isEqualTo("apache/kafka:" + pomProperty("kafka.version"));
        JsonNode gpu =
                services.path("taskmanager").path("deploy").path("resources").path("reservations");
        assertThat(gpu.path("devices").get(0).path("capabilities").get(0).asText())
                .isEqualTo("gpu");
        assertThat(services.path("jobmanager").path("build").path("dockerfile").asText())
                .isEqualTo("docker/Dockerfile");
        String port = composeFlinkProperties().get("metrics.reporter.prom.port");
        JsonNode targets =
                DeploymentFiles.yaml("docker/prometheus.yml")
                        .get(0)
                        .path("scrape_configs")
                        .get(0)
                        .path("static_configs")
                        .get(0)
                        .path("targets");
        assertThat(DeploymentFiles.list(targets))
                .containsExactly("jobmanager:" + port, "taskmanager:" + port);
    }

    static JsonNode compose() throws Exception {
        return DeploymentFiles.yaml("docker/compose.yaml").get(0);
    }

    static Map<String, String> composeFlinkProperties() throws Exception {
        String text = compose().path("x-flink-environment").path("FLINK_PROPERTIES").asText();
        for (String service : List.of("jobmanager", "taskmanager", "submit-job")) {
            assertThat(
                            compose()
                                    .path("services")
                                    .path(service)
                                    .path("environment")
                                    .path("FLINK_PROPERTIES")
                                    .asText())
                    .as("%s shares the Flink settings", service)
                    .isEqualTo(text);
        }
        return DeploymentFiles.flinkProperties(text);
    }

    private static List<String> createdTopics() throws Exception {
        String script =
                compose().path("services").path("create-topics").path("command").get(0).asText();
        Matcher m = Pattern.compile("for topic in ([^;]+);").matcher(script);
        assertThat(m.find()).as("topic loop in %s", script).isTrue();
        return java.util.Arrays.stream(m.group(1).trim().split("\\s+"))
                .map(t -> t.substring(0, t.indexOf(':')))
                .toList();
    }

    private static String text(Element root, String tag) {
        NodeList nodes = root.getElementsByTagName(tag);
        assertThat(nodes.getLength()).as("<%s> in jobs/pom.xml", tag).isPositive();
        return nodes.item(0).getTextContent().trim();
    }
}
