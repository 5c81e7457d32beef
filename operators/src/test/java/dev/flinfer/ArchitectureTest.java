package dev.flinfer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.flinfer.bundle.ModelBundle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of STYLE.md: pre/post-processing and sessions know nothing of Flink, pure
 * pre/post-processing knows nothing of ONNX Runtime, and only the Flink layer sees its internals.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() throws Exception {
        // only this module's main classes, not flinfer-models' classes on the test classpath
        Path mainClasses =
                Path.of(
                        ModelBundle.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPath(mainClasses);
    }

    @Test
    void theLayersBelowTheFlinkLayerKnowNothingOfFlink() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.flinfer.bundle..",
                        "dev.flinfer.text..",
                        "dev.flinfer.image..",
                        "dev.flinfer.classification..",
                        "dev.flinfer.session..",
                        "dev.flinfer.engine..",
                        "dev.flinfer.record..",
                        "dev.flinfer.embedding..",
                        "dev.flinfer.vision..",
                        "dev.flinfer.textclassification..",
                        "dev.flinfer.moderation..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .check(classes);
    }

    @Test
    void prePostProcessingRecordsAndTheEngineKnowNothingOfOnnxRuntime() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.flinfer.bundle..",
                        "dev.flinfer.text..",
                        "dev.flinfer.image..",
                        "dev.flinfer.classification..",
                        "dev.flinfer.record..",
                        "dev.flinfer.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.onnxruntime..")
                .check(classes);
    }

    @Test
    void nothingOutsideTheFlinkLayerDependsOnIt() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.flinfer.flink..", "dev.flinfer.sql..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.flinfer.flink..")
                .check(classes);
    }

    @Test
    void onlyTheFlinkLayerUsesItsInternals() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "dev.flinfer.flink.internal..",
                        "dev.flinfer.flink..",
                        "dev.flinfer.sql.internal..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.flinfer.flink.internal..")
                .check(classes);
    }

    @Test
    void publicFlinkMethodsDoNotExposeInternalTypes() {
        methods()
                .that()
                .arePublic()
                .and()
                .areDeclaredInClassesThat()
                .resideInAPackage("dev.flinfer.flink")
                .should(notMentionInTheirSignature("dev.flinfer.flink.internal"))
                .check(classes);
    }

    private static ArchCondition<JavaMethod> notMentionInTheirSignature(String internalPackage) {
        return new ArchCondition<>("not take or return types of " + internalPackage) {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                List<JavaClass> types = new ArrayList<>(method.getRawParameterTypes());
                types.add(method.getRawReturnType());
                for (JavaClass type : types) {
                    if (type.getPackageName().startsWith(internalPackage)) {
                        events.add(
                                SimpleConditionEvent.violated(
                                        method,
                                        method.getFullName() + " exposes " + type.getName()));
                    }
                }
            }
        };
    }
}
