package dev.flinfer.jobs.sql;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * Runs the statements of a SQL script in a {@link TableEnvironment}: {@code SET}, {@code CREATE},
 * {@code DROP}, {@code USE} and the like at once; {@code SELECT}s print their rows; every {@code
 * INSERT} joins one statement set, submitted as one job at the end (so several INSERTs share the
 * sources and run together, as in the SQL client's {@code EXECUTE STATEMENT SET}).
 *
 * <pre>{@code
 * TableResult job = SqlRunner.run(tableEnv, SqlScript.split(script), System.out);
 * if (job != null) job.await();
 * }</pre>
 */
public final class SqlRunner {
    private static final String TOKEN = "('(?:[^']|'')*'|[^\\s=']+)";
    private static final Pattern SET =
            Pattern.compile("(?is)SET\\s+" + TOKEN + "\\s*=\\s*" + TOKEN);

    private SqlRunner() {}

    /** Runs {@code statements}; returns the INSERT job's result, or null when there is none. */
    public static TableResult run(
            TableEnvironment tableEnv, List<String> statements, PrintStream out) {
        StatementSet inserts = tableEnv.createStatementSet();
        int insertCount = 0;
        for (int i = 0; i < statements.size(); i++) {
            String statement = statements.get(i);
            String keyword = firstWord(statement);
            try {
                if (keyword.equals("INSERT")) {
                    inserts.addInsertSql(statement);
                    insertCount++;
                } else if (keyword.equals("SET")) {
                    set(tableEnv, statement, out);
                } else if (keyword.equals("SELECT") || keyword.equals("WITH")) {
                    tableEnv.executeSql(statement).print();
                } else {
                    tableEnv.executeSql(statement);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "statement " + (i + 1) + " failed: " + rootMessage(e) + "\n  " + statement,
                        e);
            }
        }
        if (insertCount == 0) {
            return null;
        }
        TableResult result = inserts.execute();
        out.printf(
                "Submitted %d INSERT statement(s) as job %s%n",
                insertCount, result.getJobClient().map(c -> c.getJobID().toString()).orElse("?"));
        return result;
    }

    /**
     * {@code SET 'key' = 'value'} (quotes optional, {@code ''} for a quote in a value) sets a table
     * configuration option, as the SQL client does; {@code executeSql} does not take it.
     */
    static void set(TableEnvironment tableEnv, String statement, PrintStream out) {
        Matcher m = SET.matcher(statement.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected SET 'key' = 'value'");
        }
        String key = unquote(m.group(1));
        String value = unquote(m.group(2));
        tableEnv.getConfig().set(key, value);
        out.printf("SET %s = %s%n", key, value);
    }

    private static String unquote(String text) {
        return text.startsWith("'")
                ? text.substring(1, text.length() - 1).replace("''", "'")
                : text;
    }

    private static String firstWord(String statement) {
        String trimmed = statement.stripLeading();
        int end = 0;
        while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
            end++;
        }
        return trimmed.substring(0, end).toUpperCase(Locale.ROOT);
    }

    private static String rootMessage(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && !message.toString().contains(t.getMessage())) {
                message.append(": ").append(t.getMessage());
            }
        }
        return message.toString();
    }
}
