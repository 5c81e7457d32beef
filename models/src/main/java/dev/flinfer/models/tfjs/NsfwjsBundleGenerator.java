package dev.flinfer.models.tfjs;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flinfer.models.BundleStamp;
import dev.flinfer.models.CliArgs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@code nsfw-mobilenet-v2} bundle: fetches the npm package {@code nsfwjs} with {@code
 * npm pack} (pinned version, integrity checked), reads its MobileNetV2 TF.js model and its class
 * names from the tarball, converts the model to ONNX and writes a Hugging Face image-classification
 * bundle ({@link NsfwBundleFiles}). Run by the models build; skipped when the bundle is newer than
 * the tarball and the converter.
 *
 * <pre>{@code
 * java -cp flinfer-models.jar dev.flinfer.models.tfjs.NsfwjsBundleGenerator \
 *     --package nsfwjs@4.4.0 --integrity sha512-... --work target/npm --out bundles/nsfw-mobilenet-v2
 * }</pre>
 */
public final class NsfwjsBundleGenerator {
    static final String USAGE =
            "Usage: NsfwjsBundleGenerator --package NAME@VERSION --integrity sha512-... --work DIR"
                    + " --out DIR [--model mobilenet_v2] [--skip-if-up-to-date]";
    private static final Pattern CLASSES = Pattern.compile("NSFW_CLASSES\\s*=\\s*\\{");

    private NsfwjsBundleGenerator() {}

    public static void main(String[] args) throws Exception {
        String spec = null;
        String integrity = null;
        Path work = null;
        Path out = null;
        String model = "mobilenet_v2";
        boolean skipIfUpToDate = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--package" -> spec = CliArgs.value(args, ++i);
                case "--integrity" -> integrity = CliArgs.value(args, ++i);
                case "--work" -> work = Path.of(CliArgs.value(args, ++i));
                case "--out" -> out = Path.of(CliArgs.value(args, ++i));
                case "--model" -> model = CliArgs.value(args, ++i);
                case "--skip-if-up-to-date" -> skipIfUpToDate = true;
                default ->
                        throw new IllegalArgumentException(
                                "Unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (spec == null || integrity == null || work == null || out == null) {
            throw new IllegalArgumentException(
                    "--package, --integrity, --work and --out are required\n" + USAGE);
        }
        Path tgz;
        try {
            tgz = NpmPackage.pack(spec, integrity, work);
        } catch (IOException e) {
            System.err.println("[nsfw-mobilenet-v2] " + e.getMessage());
            System.exit(2);
            return;
        }
        if (skipIfUpToDate && upToDate(tgz, out)) {
            System.out.println("Up to date: " + out);
            return;
        }
        long start = System.nanoTime();
        generate(tgz, spec, integrity, model, out);
        System.out.printf("Wrote %s in %d ms%n", out, (System.nanoTime() - start) / 1_000_000);
    }

    /** Converts {@code model} of the nsfwjs tarball {@code tgz} into a bundle in {@code out}. */
    public static void generate(Path tgz, String spec, String integrity, String model, Path out)
            throws IOException {
        String dir = "package/dist/models/" + model + "/";
        Map<String, byte[]> files =
                NpmPackage.entries(
                        tgz,
                        name ->
                                name.startsWith(dir)
                                        || name.equals("package/dist/cjs/nsfw_classes.js")
                                        || name.equals("package/LICENSE"));
        byte[] module = files.get(dir + "model.min.js");
        if (module == null) {
            throw new IOException(tgz + " has no " + dir + "model.min.js");
        }
        TfjsArtifacts artifacts =
                TfjsArtifacts.fromModules(
                        utf8(module),
                        path -> {
                            byte[] shard = files.get(dir + path + ".min.js");
                            if (shard == null) {
                                throw new IllegalArgumentException(
                                        tgz + " has no " + dir + path + ".min.js");
                            }
                            return utf8(shard);
                        });
        ModelProto onnx = TfjsConverter.convert(artifacts, NsfwBundleFiles.OUTPUT);
        byte[] classesModule = files.get("package/dist/cjs/nsfw_classes.js");
        if (classesModule == null) {
            throw new IOException(tgz + " has no package/dist/cjs/nsfw_classes.js");
        }
        NsfwBundleFiles.write(
                out,
                onnx,
                classes(utf8(classesModule)),
                spec,
                integrity,
                model,
                files.get("package/LICENSE"));
    }

    /** The class names by index, from nsfwjs's {@code NSFW_CLASSES = {0: 'Drawing', ...}}. */
    static String[] classes(String module) {
        Matcher m = CLASSES.matcher(module);
        if (!m.find()) {
            throw new IllegalArgumentException("nsfw_classes.js: no NSFW_CLASSES object");
        }
        JsonNode object = JsLiteral.parse(module, m.end() - 1);
        String[] names = new String[object.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            names[Integer.parseInt(e.getKey())] = e.getValue().asText();
        }
        return names;
    }

    private static boolean upToDate(Path tgz, Path out) throws IOException {
        long built = BundleStamp.builtAt(out);
        return built >= 0
                && built >= Files.getLastModifiedTime(tgz).toMillis()
                && built >= BundleStamp.classesModifiedAt(NsfwjsBundleGenerator.class);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
