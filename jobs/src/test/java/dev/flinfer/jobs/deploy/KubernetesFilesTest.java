package dev.flinfer.jobs.deploy;

import static dev.flinfer.jobs.deploy.DeploymentFiles.pomProperty;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinfer.jobs.FlinferMain;
import dev.flinfer.jobs.JobOptions;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** k8s/*.yaml: the FlinkDeployment, its Kafka topics and its metrics scraping. */
class KubernetesFilesTest {
    private static final FlinkConfigKeys KEYS = FlinkConfigKeys.scan();

    @Test
    void everyKubernetesFileParsesAndEveryDocumentHasAnApiVersionKindAndName() throws Exception {
        List<String> files;
        try (Stream<java.nio.file.Path> list =
                java.nio.file.Files.list(DeploymentFiles.root().resolve("k8s"))) {
            files =
                    list.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".yaml"))
                            .sorted()
                            .toList();
        }
        assertThat(files)
                .contains("flinfer-deployment.yaml", "kafka-topics.yaml", "pod-monitor.yaml");
        for (String file : files) {
            for (JsonNode doc : DeploymentFiles.yaml("k8s/" + file)) {
                assertThat(doc.path("apiVersion").asText()).as(file).isNotEmpty();
                assertThat(doc.path("kind").asText()).as(file).isNotEmpty();
                assertThat(doc.path("metadata").path("name").asText()).as(file).isNotEmpty();
            }
        }
    }

    @Test
    void theDeploymentRunsTheImagesJobJarInApplicationModeOnThePomsFlinkVersion() throws Exception {
        JsonNode spec = deployment().path("spec");
        String[] version = pomProperty("flink.version").split("\\.");
        assertThat(spec.path("flinkVersion").asText())
                .isEqualTo("v" + version[0] + "_" + version[1]);
        JsonNode job = spec.path("job");
        // application mode: the jar is in the image (docker/Dockerfile copies it to usrlib/)
        assertThat(job.path("jarURI").asText())
                .isEqualTo("local:///opt/flink/usrlib/flinfer-jobs.jar");
        assertThat(DeploymentFiles.read("docker/Dockerfile"))
                .contains(" /opt/flink/usrlib/flinfer-jobs.jar\n");
        assertThat(job.path("entryClass").asText()).isEqualTo(FlinferMain.class.getName());
        assertThat(Class.forName(job.path("entryClass").asText()).getMethod("main", String[].class))
                .isNotNull();
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("state").asText()).isEqualTo("running");
    }

    @Test
    void theJobArgumentsAreAcceptedByTheJobAndAgreeWithTheDeployment() throws Exception {
        JsonNode spec = deployment().path("spec");
        JobOptions options =
                JobArguments.parse(DeploymentFiles.list(spec.path("job").path("args")));
        int parallelism = spec.path("job").path("parallelism").asInt();
        assertThat(options.parallelism)
                .as("--parallelism and job.parallelism")
                .isEqualTo(parallelism);
        assertThat(options.device).startsWith("cuda:");
        int slots = Integer.parseInt(flinkConfiguration().get("taskmanager.numberOfTaskSlots"));
        assertThat(parallelism % slots).as("parallelism fills whole TaskManagers").isZero();
        // the topics the job reads and writes exist, on the Strimzi cluster it connects to
        String servers = options.inputEndpoint().servers();
        for (JsonNode topic : DeploymentFiles.yaml("k8s/kafka-topics.yaml")) {
            String cluster =
                    topic.path("metadata").path("labels").path("strimzi.io/cluster").asText();
            assertThat(servers)
                    .as("bootstrap of %s", cluster)
                    .startsWith(cluster + "-kafka-bootstrap.");
        }
        Map<String, JsonNode> topics = topics();
        assertThat(topics)
                .containsKeys(
                        options.inputEndpoint().topic(),
                        options.outputEndpoint().topic(),
                        options.deadLetterEndpoint().topic());
        assertThat(
                        topics.get(options.inputEndpoint().topic())
                                .path("spec")
                                .path("partitions")
                                .asInt())
                .as("input partitions >= parallelism")
                .isGreaterThanOrEqualTo(parallelism);
        assertThat(
                        topics.get(options.deadLetterEndpoint().topic())
                                .path("spec")
                                .path("config")
                                .path("max.message.bytes")
                                .asInt())
                .as("dead-letter topic takes the job's largest dead letter")
                .isGreaterThan(options.maxDeadLetterBytes);
    }

    @Test
    void everyFlinkSettingIsARealKeyAndStateGoesToDurableStorage() throws Exception {
        Map<String, String> config = flinkConfiguration();
        assertThat(KEYS.unknown(config)).isEmpty();
        assertThat(config).containsEntry(DockerFilesTest.PARENT_FIRST, "ai.onnxruntime.;ai.djl.");
        for (String key :
                List.of(
                        "execution.checkpointing.dir",
                        "execution.checkpointing.savepoint-dir",
                        "high-availability.storageDir")) {
            assertThat(URI.create(config.get(key)).getScheme()).as(key).isEqualTo("s3");
        }
        // the S3 file system plugin of the pom's Flink version is enabled in every pod
        assertThat(
                        mainContainer(deployment().path("spec").path("podTemplate"))
                                .path("env")
                                .toString())
                .contains("\"ENABLE_BUILT_IN_PLUGINS\"")
                .contains("flink-s3-fs-presto-" + pomProperty("flink.version") + ".jar");
    }

    @Test
    void taskManagersAskForAGpuInTheMainContainerAndExposeTheMetricsPodMonitorScrapes()
            throws Exception {
        JsonNode spec = deployment().path("spec");
        JsonNode taskManager = mainContainer(spec.path("taskManager").path("podTemplate"));
        assertThat(taskManager.path("resources").path("limits").path("nvidia.com/gpu").asInt())
                .isEqualTo(1);
        JsonNode ports = mainContainer(spec.path("podTemplate")).path("ports");
        JsonNode monitor = DeploymentFiles.yaml("k8s/pod-monitor.yaml").get(0);
        assertThat(monitor.path("kind").asText()).isEqualTo("PodMonitor");
        String port = monitor.path("spec").path("podMetricsEndpoints").get(0).path("port").asText();
        assertThat(ports.toString()).contains("\"name\":\"" + port + "\"");
        assertThat(ports.get(0).path("containerPort").asText())
                .isEqualTo(flinkConfiguration().get("metrics.reporter.prom.port"));
        assertThat(monitor.path("spec").path("selector").path("matchLabels").path("app").asText())
                .isEqualTo(deployment().path("metadata").path("name").asText());
    }

    private static JsonNode deployment() throws Exception {
        JsonNode doc = DeploymentFiles.yaml("k8s/flinfer-deployment.yaml").get(0);
        assertThat(doc.path("kind").asText()).isEqualTo("FlinkDeployment");
        return doc;
    }

    private static Map<String, String> flinkConfiguration() throws Exception {
        return DeploymentFiles.strings(deployment().path("spec").path("flinkConfiguration"));
    }

    /** The container the Flink operator runs Flink in must be named flink-main-container. */
    private static JsonNode mainContainer(JsonNode podTemplate) {
        for (JsonNode container : podTemplate.path("spec").path("containers")) {
            if (container.path("name").asText().equals("flink-main-container")) {
                return container;
            }
        }
        throw new AssertionError("no flink-main-container in " + podTemplate);
    }

    private static Map<String, JsonNode> topics() throws Exception {
        Map<String, JsonNode> topics = new java.util.HashMap<>();
        for (JsonNode doc : DeploymentFiles.yaml("k8s/kafka-topics.yaml")) {
            assertThat(doc.path("kind").asText()).isEqualTo("KafkaTopic");
            topics.put(doc.path("metadata").path("name").asText(), doc);
        }
        return topics;
    }
}
