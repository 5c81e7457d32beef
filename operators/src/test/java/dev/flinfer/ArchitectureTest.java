package dev.flinfer;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
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
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of STYLE.md, by package wildcards: pre/post-processing, sessions and the engine know
 * nothing of Flink (its annotations aside), tasks know only its configuration, pure
 * pre/post-processing knows nothing of ONNX Runtime, only the Flink layer sees its internals, and
 * every public type says whether it is public API ({@code @PublicEvolving}) or {@code @Internal},
 * with no internal type in a public API signature.
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

    /** The Flink layer: the DataStream face, the SQL provider, the Kafka connector glue. */
    private static final String[] FLINK_LAYER = {
        "dev.flinfer.flink..", "dev.flinfer.sql..", "dev.flinfer.kafka.."
    };

    @Test
    void theLayersBelowTheFlinkLayerKnowNothingOfFlinkButItsAnnotations() {
        noClasses()
                .that()
                .resideOutsideOfPackages(FLINK_LAYER)
                .and()
                .resideOutsideOfPackage("dev.flinfer.tasks..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("org.apache.flink..")
                                .and(not(resideInAPackage("org.apache.flink.annotation.."))))
                .check(classes);
    }

    @Test
    void tasksKnowOfFlinkOnlyItsConfigurationAndAnnotations() {
        noClasses()
                .that()
                .resideInAPackage("dev.flinfer.tasks..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("org.apache.flink..")
                                .and(not(resideInAPackage("org.apache.flink.annotation..")))
                                .and(not(resideInAPackage("org.apache.flink.configuration.."))))
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
    void theLowerLayersDoNotKnowTheTasks() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.flinfer.bundle..",
                        "dev.flinfer.text..",
                        "dev.flinfer.image..",
                        "dev.flinfer.classification..",
                        "dev.flinfer.record..",
                        "dev.flinfer.engine..",
                        "dev.flinfer.session..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.flinfer.tasks..")
                .check(classes);
    }

    @Test
    void everyPublicTypeSaysWhetherItIsPublicApiOrInternal() {
        classes()
                .that()
                .arePublic()
                .and()
                .doNotHaveSimpleName("package-info")
                .should()
                .beAnnotatedWith(PublicEvolving.class)
                .orShould()
                .beAnnotatedWith(Internal.class)
                .check(classes);
    }

    @Test
    void typesInInternalPackagesAreInternal() {
        classes()
                .that()
                .arePublic()
                .and()
                .resideInAPackage("..internal..")
                .should()
                .beAnnotatedWith(Internal.class)
                .check(classes);
    }

    @Test
    void publicApiMethodsDoNotExposeInternalTypes() {
        methods()
                .that()
                .arePublic()
                .and()
                .areDeclaredInClassesThat()
                .areAnnotatedWith(PublicEvolving.class)
                .should(notMentionInternalTypesInTheirSignature())
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

    private static ArchCondition<JavaMethod> notMentionInternalTypesInTheirSignature() {
        return new ArchCondition<>("not take or return Flinfer's @Internal types") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                List<JavaClass> types = new ArrayList<>(method.getRawParameterTypes());
                types.add(method.getRawReturnType());
                for (JavaClass type : types) {
                    boolean ours = type.getPackageName().startsWith("dev.flinfer");
                    if (ours
                            && (type.isAnnotatedWith(Internal.class)
                                    || type.getPackageName().contains(".internal"))) {
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
