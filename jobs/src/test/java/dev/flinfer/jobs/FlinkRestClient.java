package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The calls {@code flink run}, {@code flink stop --savepointPath} and {@code flink cancel} make to
 * a Flink cluster's REST API, written against the documented endpoints ({@code /jars/upload},
 * {@code /jars/:id/run}, {@code /jobs/:id/stop}, {@code /jobs/:id/savepoints/:trigger}, {@code
 * PATCH /jobs/:id}).
 */
final class FlinkRestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI rest;

    FlinkRestClient(URI rest) {
        this.rest = rest;
    }

    /** Uploads a job jar; returns the jar id the run call takes. */
    String upload(Path jar) throws Exception {
        String boundary = "flinfer" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(jar));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode response =
                send(
                        HttpRequest.newBuilder(rest.resolve("/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build());
        String filename = response.path("filename").asText();
        assertThat(filename).as("upload response %s", response).isNotEmpty();
        return Path.of(filename).getFileName().toString();
    }

    /** Runs the uploaded jar's main with {@code args}, from a savepoint when one is given. */
    String run(String jarId, List<String> args, String savepointPath) throws Exception {
        ObjectNode request = JSON.createObjectNode();
        args.forEach(request.putArray("programArgsList")::add);
        if (savepointPath != null) {
            request.put("savepointPath", savepointPath);
            request.put("allowNonRestoredState", false);
        }
        JsonNode response =
                send(
                        HttpRequest.newBuilder(rest.resolve("/jars/" + jarId + "/run"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                                .build());
        String jobId = response.path("jobid").asText();
        assertThat(jobId).as("run response %s", response).isNotEmpty();
        return jobId;
    }

    /**
     * Stops the job with a savepoint under {@code targetDirectory} (no drain: the sources stop, the
     * last transaction commits with the savepoint) and returns the savepoint's location.
     */
    String stopWithSavepoint(String jobId, String targetDirectory) throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.put("targetDirectory", targetDirectory);
        request.put("drain", false);
        String trigger =
                send(HttpRequest.newBuilder(rest.resolve("/jobs/" + jobId + "/stop"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                                .build())
                        .path("request-id")
                        .asText();
        assertThat(trigger).as("stop trigger id").isNotEmpty();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = status.path("operation");
                assertThat(operation.has("failure-cause"))
                        .as("stop-with-savepoint failed: %s", operation)
                        .isFalse();
                awaitState(jobId, "FINISHED");
                return operation.path("location").asText();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("stop-with-savepoint of " + jobId + " did not complete in 120 s");
    }

    /** Cancels the job and waits until it is CANCELED. */
    void cancel(String jobId) throws Exception {
        send(
                HttpRequest.newBuilder(rest.resolve("/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build());
        awaitState(jobId, "CANCELED");
    }

    /** The external path of the checkpoint or savepoint the job was restored from, if any. */
    JsonNode restoredFrom(String jobId) throws Exception {
        return get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
    }

    JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(rest.resolve(path)).GET().build());
    }

    private void awaitState(String jobId, String expected) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String state = "";
        while (System.currentTimeMillis() < deadline) {
            state = get("/jobs/" + jobId).path("state").asText();
            if (state.equals(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + jobId + " is " + state + ", not " + expected);
    }

    private static JsonNode send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s: %s", request.method(), request.uri(), response.body())
                .isBetween(200, 299);
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
