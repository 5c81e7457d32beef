package dev.flinfer.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsLiteralTest {
    @Test
    void readsMinifiedObjectLiterals() {
        JsonNode node =
                JsLiteral.parse(
                        "x={a:!0,b:!1,'c d':[null,-.5,1e-3,12],e:{f:\"q\\\"u\\u0041\"},g:void 0}",
                        2);
        assertThat(node.path("a").asBoolean()).isTrue();
        assertThat(node.path("b").asBoolean()).isFalse();
        assertThat(node.path("c d").get(0).isNull()).isTrue();
        assertThat(node.path("c d").get(1).asDouble()).isEqualTo(-0.5);
        assertThat(node.path("c d").get(2).asDouble()).isEqualTo(0.001);
        assertThat(node.path("c d").get(3).asInt()).isEqualTo(12);
        assertThat(node.path("e").path("f").asText()).isEqualTo("q\"uA");
        assertThat(node.path("g").isNull()).isTrue();
    }

    @Test
    void findsTheExportOfABrowserifiedModule() {
        String module =
                "!function(e){module.exports=e()}(function(){return {1:[function(e,h,n){h.exports=\"AAEC\"},{}]}})";
        assertThat(TfjsArtifacts.exported(module, "shard").asText()).isEqualTo("AAEC");
    }

    @Test
    void rejectsCodeThatIsNoLiteral() {
        assertThatThrownBy(() -> JsLiteral.parse("{a:foo()}", 0)).hasMessageContaining("offset 3");
    }
}
