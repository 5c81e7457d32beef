package dev.flinfer.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per rule of where a SQL model may be read from. */
class ModelRootsTest {
    @TempDir Path dir;
    private Path root;
    private Path outside;
    private ModelRoots roots;

    @BeforeEach
    void twoDirectoriesOneAllowed() throws Exception {
        root = Files.createDirectories(dir.resolve("models"));
        Files.createDirectories(root.resolve("my-bert"));
        outside = Files.createDirectories(dir.resolve("secrets"));
        Files.createDirectories(outside.resolve("bundle"));
        roots = ModelRoots.of(List.of(root.toString()));
    }

    /** The refusal with the model's own text taken out: what it tells of the file system. */
    private String refusal(String model) {
        Throwable error = catchThrowable(() -> roots.check(model));
        assertThat(error).as(model).isInstanceOf(ModelLoadException.class);
        return error.getMessage().replace(model, "MODEL");
    }

    @Test
    void aBundledModelNameIsAllowedWithoutAnyRoot() {
        assertThat(ModelRoots.of(List.of()).check("all-minilm-l6-v2"))
                .isEqualTo("all-minilm-l6-v2");
    }

    @Test
    void aDirectoryUnderARootIsAllowedWhetherOrNotItExists() {
        String bert = root.resolve("my-bert").toString();
        String missing = root.resolve("not-yet").toString();
        assertThat(roots.check(bert)).isEqualTo(bert);
        // the catalog then says it is not a directory: inside the roots that is no secret
        assertThat(roots.check(missing)).isEqualTo(missing);
    }

    @Test
    void aPathOutsideTheRootsIsRefusedWithOneMessageWhetherOrNotItExists() {
        String existing = refusal(outside.resolve("bundle").toString());
        assertThat(existing).startsWith("Unknown model 'MODEL'").contains(root.toString());
        assertThat(refusal(outside.resolve("missing").toString())).isEqualTo(existing);
        assertThat(refusal(outside.toString())).isEqualTo(existing);
        assertThat(refusal("/etc")).isEqualTo(existing);
        assertThat(refusal("no-such-model")).isEqualTo(existing);
    }

    @Test
    void dotDotOutOfARootIsRefusedLikeAnyPathOutside() {
        String expected = refusal(outside.resolve("bundle").toString());
        assertThat(refusal(root + "/../secrets/bundle")).isEqualTo(expected);
        assertThat(refusal(root + "/my-bert/../../secrets/missing")).isEqualTo(expected);
        assertThat(refusal(root + "/not-yet/../../secrets/bundle")).isEqualTo(expected);
    }

    @Test
    void aSymbolicLinkInARootThatLeadsOutIsRefused() throws Exception {
        String expected = refusal(outside.resolve("bundle").toString());
        Path link = Files.createSymbolicLink(root.resolve("innocent"), outside.resolve("bundle"));
        Path dangling = Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("none"));
        assertThat(refusal(link.toString())).isEqualTo(expected);
        assertThat(refusal(link + "/model.onnx")).isEqualTo(expected);
        assertThat(refusal(dangling.toString())).isEqualTo(expected);
    }

    @Test
    void aSymbolicLinkThatStaysInARootIsAllowed() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("bert"), root.resolve("my-bert"));
        assertThat(roots.check(link.toString())).isEqualTo(link.toString());
    }

    @Test
    void aRootGivenThroughALinkIsItsRealPath() throws Exception {
        Path linkedRoot = Files.createSymbolicLink(dir.resolve("models-link"), root);
        ModelRoots linked = ModelRoots.of(List.of(linkedRoot.toString()));
        assertThat(linked.roots()).containsExactly(root.toRealPath());
        assertThat(linked.check(root.resolve("my-bert").toString())).endsWith("my-bert");
        assertThat(linked.check(linkedRoot.resolve("my-bert").toString())).endsWith("my-bert");
    }
}
