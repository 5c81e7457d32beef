package dev.flinfer.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.lifecycle.ModelCommand.Action;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelCommandTest {

    private static ModelCommand parse(String json) {
        return ModelCommand.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(String json, String reason) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void everyDocumentedFormParsesAndRoundTrips() {
        String[] forms = {
            "{\"model\": \"m\", \"serve\": 3}",
            "{\"model\": \"m\", \"serve\": \"latest\"}",
            "{\"model\": \"m\", \"canary\": {\"version\": 4, \"percent\": 10}}",
            "{\"model\": \"m\", \"canary\": false}",
            "{\"model\": \"m\", \"shadow\": 4}",
            "{\"model\": \"m\", \"shadow\": false}",
            "{\"model\": \"m\", \"rollback\": true}",
            "{\"model\": \"m\", \"newest\": 5}"
        };
        for (String form : forms) {
            ModelCommand command = parse(form);
            assertThat(ModelCommand.parse(command.toJson())).isEqualTo(command);
        }
        assertThat(parse(forms[0])).isEqualTo(new ModelCommand(Action.SERVE, "m", 3, 0));
        assertThat(parse(forms[2])).isEqualTo(new ModelCommand(Action.CANARY, "m", 4, 10));
        assertThat(parse(forms[3]).ends()).isTrue();
    }

    @Test
    void aCanaryOfZeroPercentEndsTheCanary() {
        assertThat(parse("{\"model\": \"m\", \"canary\": {\"version\": 4, \"percent\": 0}}").ends())
                .isTrue();
    }

    @Test
    void malformedJsonIsRefused() {
        refused("{not json", "malformed JSON");
    }

    @Test
    void aCommandMustBeAnObjectWithAModel() {
        refused("[1]", "JSON object");
        refused("{\"serve\": 1}", "\"model\"");
    }

    @Test
    void unknownFieldsTwoActionsAndNoActionAreRefused() {
        refused("{\"model\": \"m\", \"swap\": 1}", "unknown field \"swap\"");
        refused("{\"model\": \"m\", \"serve\": 1, \"shadow\": 2}", "one action per command");
        refused("{\"model\": \"m\"}", "no action");
    }

    @Test
    void versionsMustBeNumbersFromOne() {
        refused("{\"model\": \"m\", \"serve\": 0}", "version number from 1");
        refused("{\"model\": \"m\", \"serve\": -2}", "version number from 1");
        refused("{\"model\": \"m\", \"serve\": \"two\"}", "version number from 1");
    }

    @Test
    void aCanaryPercentMustBeFromZeroToAHundred() {
        refused("{\"model\": \"m\", \"canary\": {\"version\": 2, \"percent\": 101}}", "0 to 100");
        refused("{\"model\": \"m\", \"canary\": {\"version\": 2, \"percent\": -1}}", "0 to 100");
        refused("{\"model\": \"m\", \"canary\": {\"version\": 2}}", "percent");
    }

    @Test
    void aRollbackMustBeTrue() {
        refused("{\"model\": \"m\", \"rollback\": false}", "must be true");
    }
}
