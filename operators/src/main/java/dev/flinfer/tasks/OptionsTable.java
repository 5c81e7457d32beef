package dev.flinfer.tasks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.BlockElement;
import org.apache.flink.configuration.description.TextElement;

/**
 * The options of every task as a Markdown table: key, SQL key, default (per task where the tasks
 * differ), which tasks read it, and its description. The README's options table is this table
 * ({@code OptionsTableTest} checks that it is), so the documentation cannot drift from the code.
 *
 * <pre>{@code
 * System.out.println(OptionsTable.markdown());
 * }</pre>
 */
@PublicEvolving
public final class OptionsTable {
    private OptionsTable() {}

    /** The table, one row per key, in the order the tasks list their options. */
    public static String markdown() {
        Map<String, List<Use>> uses = new LinkedHashMap<>();
        for (TaskDescriptor<?> task : Tasks.ALL) {
            List<ConfigOption<?>> options = new ArrayList<>(Tasks.COMMON_OPTIONS);
            options.add(task.prepareThreads());
            options.addAll(task.options());
            for (ConfigOption<?> option : options) {
                uses.computeIfAbsent(option.key(), key -> new ArrayList<>())
                        .add(new Use(task.name(), option));
            }
        }
        for (ConfigOption<?> option : FlinferOptions.OPERATOR_OPTIONS) {
            uses.put(option.key(), List.of(new Use("the DataStream operator", option)));
        }
        StringBuilder table = new StringBuilder();
        table.append("| key | SQL key | default | tasks | meaning |\n");
        table.append("|---|---|---|---|---|\n");
        for (List<Use> use : uses.values()) {
            ConfigOption<?> option = use.get(0).option();
            table.append("| `")
                    .append(option.key())
                    .append("` | ")
                    .append(option.hasFallbackKeys() ? "`" + OptionRules.sqlKey(option) + "`" : "-")
                    .append(" | ")
                    .append(defaults(use))
                    .append(" | ")
                    .append(use.size() == Tasks.ALL.size() ? "all" : tasks(use))
                    .append(" | ")
                    .append(description(option).replace("|", "\\|"))
                    .append(" |\n");
        }
        return table.toString();
    }

    private record Use(String task, ConfigOption<?> option) {}

    private static String defaults(List<Use> uses) {
        Map<String, List<String>> byDefault = new LinkedHashMap<>();
        for (Use use : uses) {
            String value =
                    use.option().hasDefaultValue()
                            ? "`" + format(use.option().defaultValue()) + "`"
                            : "none";
            byDefault.computeIfAbsent(value, v -> new ArrayList<>()).add(use.task());
        }
        if (byDefault.size() == 1) {
            return byDefault.keySet().iterator().next();
        }
        StringJoiner joined = new StringJoiner(", ");
        byDefault.forEach(
                (value, tasks) -> joined.add(value + " (" + String.join(", ", tasks) + ")"));
        return joined.toString();
    }

    /** The description as written (the options use plain text only). */
    static String description(ConfigOption<?> option) {
        StringJoiner text = new StringJoiner(" ");
        for (BlockElement block : option.description().getBlocks()) {
            if (block instanceof TextElement element) {
                text.add(element.getFormat());
            }
        }
        return text.toString();
    }

    private static String format(Object value) {
        if (!(value instanceof Duration duration)) {
            return value.toString();
        }
        long millis = duration.toMillis();
        return millis % 60_000 == 0
                ? millis / 60_000 + " min"
                : millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static String tasks(List<Use> uses) {
        StringJoiner joined = new StringJoiner(", ");
        uses.forEach(use -> joined.add(use.task()));
        return joined.toString();
    }
}
