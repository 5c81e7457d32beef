package dev.flinfer.jobs.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void statementsAreSplitAtSemicolonsAndTrimmed() {
        assertThat(
                        SqlScript.split(
                                " SET 'a' = 'b';\nCREATE TABLE t (x INT) ;; INSERT INTO t VALUES (1)"))
                .containsExactly(
                        "SET 'a' = 'b'", "CREATE TABLE t (x INT)", "INSERT INTO t VALUES (1)");
    }

    @Test
    void semicolonsInStringsAndQuotedIdentifiersDoNotSplit() {
        assertThat(SqlScript.split("SELECT 'a;b', 'it''s;', \"c;d\", `e;f` FROM t; SELECT 1"))
                .containsExactly("SELECT 'a;b', 'it''s;', \"c;d\", `e;f` FROM t", "SELECT 1");
    }

    @Test
    void commentsAreDroppedAndDoNotSplit() {
        assertThat(
                        SqlScript.split(
                                "-- a comment; with a semicolon and a 'quote\n"
                                        + "SELECT 1 /* block; 'comment */ + 2; -- trailing\n"
                                        + "/* only a comment; */"))
                .containsExactly("SELECT 1   + 2");
    }

    @Test
    void dashesAndSlashesInStringsAreNotComments() {
        assertThat(SqlScript.split("SELECT '--not a comment', '/* nor this */'"))
                .containsExactly("SELECT '--not a comment', '/* nor this */'");
    }

    @Test
    void anUnterminatedQuoteOrCommentIsAnError() {
        assertThatThrownBy(() -> SqlScript.split("SELECT 'open"))
                .hasMessageContaining("unterminated ' quote");
        assertThatThrownBy(() -> SqlScript.split("SELECT 1 /* open"))
                .hasMessageContaining("unterminated /* comment");
    }

    @Test
    void theExampleFileHasItsSetCreateAndInsertStatements() throws Exception {
        assertThat(
                        SqlScript.split(
                                Files.readString(
                                        Path.of("..", "examples", "sql", "embed-posts.sql"))))
                .extracting(s -> s.split("\\s+")[0] + " " + s.split("\\s+")[1])
                .containsExactly(
                        "SET 'parallelism.default'",
                        "SET 'table.exec.async-ml-predict.max-concurrent-operations'",
                        "CREATE TABLE",
                        "CREATE TABLE",
                        "CREATE MODEL",
                        "INSERT INTO");
    }
}
