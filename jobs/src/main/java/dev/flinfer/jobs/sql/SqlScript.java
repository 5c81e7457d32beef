package dev.flinfer.jobs.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL file into statements at semicolons, except inside string literals ({@code '...'}
 * with {@code ''} for a quote), quoted identifiers ({@code "..."}, {@code `...`}), line comments
 * ({@code -- ...}) and block comments ({@code /* ... *}{@code /}). Comments are dropped; empty
 * statements are skipped.
 *
 * <pre>{@code
 * List<String> statements = SqlScript.split(Files.readString(Path.of("embed-posts.sql")));
 * }</pre>
 */
public final class SqlScript {
    private SqlScript() {}

    /** The statements of {@code script}, trimmed, without their semicolons. */
    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && next == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException(
                            "unterminated /* comment starting at character " + i);
                }
                current.append(' ');
                i = end + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = closingQuote(script, i, c);
                current.append(script, i, end + 1);
                i = end + 1;
            } else if (c == ';') {
                add(statements, current);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    /** Index of the quote closing the one at {@code start}; a doubled quote is an escape. */
    private static int closingQuote(String script, int start, char quote) {
        int i = start + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        throw new IllegalArgumentException(
                "unterminated " + quote + " quote starting at character " + start);
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().trim();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }
}
