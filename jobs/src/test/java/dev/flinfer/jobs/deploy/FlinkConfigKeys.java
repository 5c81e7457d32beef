package dev.flinfer.jobs.deploy;

import dev.flinfer.tasks.FlinferOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MetricOptions;

/**
 * The configuration keys Flink itself declares: the key of every public static {@link ConfigOption}
 * field of every {@code org.apache.flink..*Options} class on the test classpath (flink-core,
 * flink-runtime, flink-clients, the connectors, the Prometheus reporter), plus Flinfer's {@link
 * FlinferOptions}. Deprecated (fallback) keys are kept apart, so a file that uses one is reported
 * rather than silently accepted.
 *
 * <p>Metric reporter keys are prefix-style: {@code metrics.reporter.NAME.SUFFIX}, where {@code
 * NAME} is free. Flink declares the generic suffixes ({@code factory.class}, {@code interval},
 * {@code filter.includes}, ...) in {@link MetricOptions} without the prefix; a reporter's own
 * parameters are declared by its factory, as {@code ConfigOption}s or, for the Prometheus reporter
 * ({@code PrometheusReporterFactory.ARG_PORT = "port"}), as {@code ARG_*} string constants. {@link
 * #unknown} accepts such a key only if its suffix is one of those, read from the class its {@code
 * factory.class} names.
 */
final class FlinkConfigKeys {
    private static final String REPORTER_PREFIX = "metrics.reporter.";

    final Map<String, String> current = new TreeMap<>();
    final Map<String, String> deprecated = new TreeMap<>();
    final Set<String> reporterSuffixes = new TreeSet<>();
    final List<String> classesScanned = new ArrayList<>();

    static FlinkConfigKeys scan() {
        FlinkConfigKeys keys = new FlinkConfigKeys();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && entry.contains("flink")) {
                keys.scanJar(entry);
            }
        }
        keys.add(FlinferOptions.class);
        // MetricOptions declares the per-reporter keys without their prefix ("factory.class");
        // "<parameter>" stands for the reporter's own parameters, checked per factory below
        for (Field field : MetricOptions.class.getFields()) {
            if (field.getType() == ConfigOption.class) {
                try {
                    String key = ((ConfigOption<?>) field.get(null)).key();
                    if (!key.startsWith("metrics.") && !key.contains("<")) {
                        keys.reporterSuffixes.add(key);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return keys;
    }

    /** The keys of {@code config} that are neither a declared key nor a valid reporter key. */
    List<String> unknown(Map<String, String> config) {
        List<String> unknown = new ArrayList<>();
        for (String key : config.keySet()) {
            if (current.containsKey(key)) {
                continue;
            }
            if (key.startsWith(REPORTER_PREFIX) && reporterKeyIsValid(key, config)) {
                continue;
            }
            unknown.add(
                    deprecated.containsKey(key)
                            ? key + " (deprecated, declared by " + deprecated.get(key) + ")"
                            : key);
        }
        return unknown;
    }

    private boolean reporterKeyIsValid(String key, Map<String, String> config) {
        String rest = key.substring(REPORTER_PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot < 1) {
            return false;
        }
        String name = rest.substring(0, dot);
        String suffix = rest.substring(dot + 1);
        if (reporterSuffixes.contains(suffix)) {
            return true;
        }
        String factory = config.get(REPORTER_PREFIX + name + ".factory.class");
        return factory != null && reporterParameters(factory).contains(suffix);
    }

    /** The parameters a reporter factory declares: ARG_* constants and its package's options. */
    static Set<String> reporterParameters(String factoryClass) {
        Set<String> parameters = new TreeSet<>();
        try {
            Class<?> factory = Class.forName(factoryClass);
            for (Field field : factory.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())
                        && field.getType() == String.class
                        && field.getName().startsWith("ARG_")) {
                    field.setAccessible(true);
                    parameters.add((String) field.get(null));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("reporter factory " + factoryClass, e);
        }
        return parameters;
    }

    private void scanJar(String path) {
        try (JarFile jar = new JarFile(path)) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith("org/apache/flink/")
                        && name.endsWith("Options.class")
                        && !name.contains("$")
                        && !name.contains("/shaded/")) {
                    String className = name.replace('/', '.').replace(".class", "");
                    try {
                        add(Class.forName(className, false, getClass().getClassLoader()));
                    } catch (ClassNotFoundException | LinkageError e) {
                        // an optional dependency of that module is absent: its keys stay unknown
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void add(Class<?> options) {
        boolean any = false;
        for (Field field : options.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())
                    || !ConfigOption.class.isAssignableFrom(field.getType())) {
                continue;
            }
            try {
                ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                current.put(option.key(), options.getName());
                for (FallbackKey fallback : option.fallbackKeys()) {
                    deprecated.putIfAbsent(fallback.getKey(), options.getName());
                }
                any = true;
            } catch (IllegalAccessException | LinkageError e) {
                // not readable: skipped
            }
        }
        if (any) {
            classesScanned.add(options.getName());
        }
    }
}
