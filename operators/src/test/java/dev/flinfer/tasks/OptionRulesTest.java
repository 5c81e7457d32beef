package dev.flinfer.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The one rule per option: checked the same wherever the option is set. */
class OptionRulesTest {

    private static List<ConfigOption<?>> allOptions() throws Exception {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field field : FlinferOptions.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
                options.add((ConfigOption<?>) field.get(null));
            }
        }
        return options;
    }

    @Test
    void everyOptionButTheFlagsAndEnumsHasARule() throws Exception {
        for (ConfigOption<?> option : allOptions()) {
            boolean free =
                    option == FlinferOptions.LENGTH_BUCKETS
                            || option == FlinferOptions.SHARED_ENGINE
                            || option == FlinferOptions.INPUT_FORMAT;
            if (!free) {
                assertThat(OptionRules.name(option)).as(option.key()).isNotEqualTo(option.key());
            }
        }
    }

    @Test
    void everyDefaultPassesItsOwnRule() throws Exception {
        for (ConfigOption<?> option : allOptions()) {
            if (option.hasDefaultValue()) {
                assertThat(OptionRules.problem(option, option.defaultValue()))
                        .as(option.key())
                        .isNull();
            }
        }
    }

    @Test
    void theMessageNamesTheSettingAsItsSetterDoes() {
        assertThatThrownBy(() -> OptionRules.check(FlinferOptions.MAX_BATCH_SIZE, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBatchSize must be >= 1, got 0");
        assertThatThrownBy(() -> OptionRules.check(FlinferOptions.DEVICE, "tpu:1"))
                .hasMessageStartingWith("device: Unknown device 'tpu:1'");
        assertThatThrownBy(() -> OptionRules.check(FlinferOptions.TIMEOUT, Duration.ZERO))
                .hasMessage("timeout must be > 0, got PT0S");
    }

    @Test
    void aTasksOwnVariantOfAnOptionHasTheSameRule() {
        assertThat(OptionRules.problem(FlinferOptions.topK(5), -1))
                .isEqualTo(" must be >= 0, got -1");
        assertThat(OptionRules.problem(FlinferOptions.outputField("x"), " ")).contains("blank");
    }

    @Test
    void sqlKeysAreTheFirstFallbackKeys() {
        assertThat(OptionRules.sqlKey(FlinferOptions.MAX_BATCH_SIZE)).isEqualTo("max-batch-size");
        assertThat(OptionRules.sqlKey(FlinferOptions.TEXT_FIELD)).isEqualTo("flinfer.text.field");
    }

    @Test
    void getReadsAFallbackKeyAndChecksTheValue() {
        Configuration conf = new Configuration();
        conf.setString("max-batch-size", "-1");

        assertThatThrownBy(() -> OptionRules.get(conf, FlinferOptions.MAX_BATCH_SIZE))
                .hasMessageContaining("got -1");
    }
}
