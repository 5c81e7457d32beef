package dev.flinfer.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * nsfwjs itself, run by Node on the pure-JavaScript TensorFlow.js CPU backend: the exact npm
 * packages of the committed {@code nsfwjs-reference/package-lock.json} are installed with {@code
 * npm ci} into {@code target/nsfwjs-reference} (once), and {@code classify.cjs} classifies raw RGB
 * images.
 */
final class NodeReference {
    private static final String[] FILES = {"package.json", "package-lock.json", "classify.cjs"};
    private final Path dir;

    NodeReference(Path dir) {
        this.dir = dir;
    }

    /** Why Node cannot run here, or null when {@code node} and {@code npm} both answer. */
    static String missingTool() {
        for (String tool : new String[] {"node", "npm"}) {
            try {
                Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return tool + " --version failed";
                }
            } catch (IOException | InterruptedException e) {
                return tool + " is not installed (" + e.getMessage() + ")";
            }
        }
        return null;
    }

    /** Copies the script and lock file, and runs {@code npm ci} unless the lock is installed. */
    void install() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        boolean changed = false;
        for (String file : FILES) {
            try (InputStream in =
                    NodeReference.class.getResourceAsStream("/nsfwjs-reference/" + file)) {
                byte[] bytes = in.readAllBytes();
                Path target = dir.resolve(file);
                if (!Files.exists(target)
                        || !java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
                    Files.write(target, bytes);
                    changed |= !file.endsWith(".cjs");
                }
            }
        }
        if (changed || !Files.isDirectory(dir.resolve("node_modules/nsfwjs"))) {
            run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"), 600);
        }
    }

    /** nsfwjs's five probabilities for each image, by name. */
    Map<String, float[]> classify(Map<String, BufferedImage> images)
            throws IOException, InterruptedException {
        Path input = dir.resolve("images");
        Files.createDirectories(input);
        for (Map.Entry<String, BufferedImage> e : images.entrySet()) {
            BufferedImage image = e.getValue();
            Files.write(input.resolve(e.getKey() + ".rgb"), NsfwOnnx.rgb(image));
            Files.writeString(
                    input.resolve(e.getKey() + ".size"),
                    image.getHeight() + " " + image.getWidth());
        }
        String json = run(List.of("node", "classify.cjs", input.toString()), 600);
        JsonNode out = new ObjectMapper().readTree(json.substring(json.lastIndexOf("\n{") + 1));
        if (!out.path("backend").asText().equals("cpu")) {
            throw new IllegalStateException(
                    "nsfwjs ran on backend " + out.path("backend") + ", not cpu");
        }
        Map<String, float[]> result = new LinkedHashMap<>();
        for (String name : images.keySet()) {
            JsonNode values = out.path("images").path(name);
            float[] p = new float[values.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) values.get(i).asDouble();
            }
            result.put(name, p);
        }
        return result;
    }

    private String run(List<String> command, int seconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        Path log = Files.createTempFile(dir, "run-", ".log");
        Process p =
                new ProcessBuilder(cmd)
                        .directory(dir.toFile())
                        .redirectErrorStream(false)
                        .redirectError(log.toFile())
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(
                    String.join(" ", cmd)
                            + " failed in "
                            + dir
                            + ":\n"
                            + out
                            + "\n"
                            + Files.readString(log));
        }
        Files.deleteIfExists(log);
        return "\n" + out;
    }
}
