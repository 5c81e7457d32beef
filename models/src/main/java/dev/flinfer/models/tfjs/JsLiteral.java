package dev.flinfer.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads one JavaScript literal (object, array, string, number, {@code true}/{@code false}, the
 * minifier's {@code !0}/{@code !1}, {@code null}, {@code void 0}) into a JSON tree. Object keys may
 * be bare identifiers, as minified bundles write them. Nothing is evaluated: anything else (a call,
 * a variable) is an error naming its offset.
 */
final class JsLiteral {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final String text;
    private int pos;

    private JsLiteral(String text, int pos) {
        this.text = text;
        this.pos = pos;
    }

    /** The literal that starts at {@code offset} of {@code text}. */
    static JsonNode parse(String text, int offset) {
        return new JsLiteral(text, offset).value();
    }

    private JsonNode value() {
        skipSpace();
        char c = peek();
        if (c == '{') {
            return object();
        } else if (c == '[') {
            return array();
        } else if (c == '"' || c == '\'') {
            return NODES.textNode(string());
        } else if (c == '-' || c == '.' || Character.isDigit(c)) {
            return number();
        } else if (text.startsWith("!0", pos) || text.startsWith("true", pos)) {
            pos += text.startsWith("!0", pos) ? 2 : 4;
            return NODES.booleanNode(true);
        } else if (text.startsWith("!1", pos) || text.startsWith("false", pos)) {
            pos += text.startsWith("!1", pos) ? 2 : 5;
            return NODES.booleanNode(false);
        } else if (text.startsWith("null", pos)) {
            pos += 4;
            return NODES.nullNode();
        } else if (text.startsWith("void 0", pos)) {
            pos += 6;
            return NODES.nullNode();
        }
        throw error("a literal");
    }

    private ObjectNode object() {
        ObjectNode node = NODES.objectNode();
        pos++;
        skipSpace();
        while (peek() != '}') {
            String key = peek() == '"' || peek() == '\'' ? string() : identifier();
            skipSpace();
            expect(':');
            node.set(key, value());
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() != '}') {
                throw error("',' or '}'");
            }
        }
        pos++;
        return node;
    }

    private ArrayNode array() {
        ArrayNode node = NODES.arrayNode();
        pos++;
        skipSpace();
        while (peek() != ']') {
            node.add(value());
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() != ']') {
                throw error("',' or ']'");
            }
        }
        pos++;
        return node;
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = peek();
            pos++;
            if (c == quote) {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = peek();
            pos++;
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> out.append(e);
            }
        }
    }

    private JsonNode number() {
        int start = pos;
        while (pos < text.length() && "+-.0123456789eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String literal = text.substring(start, pos);
        try {
            if (literal.matches("-?\\d+") && literal.length() < 10) {
                return NODES.numberNode(Integer.parseInt(literal));
            }
            return NODES.numberNode(Double.parseDouble(literal));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("a number");
        }
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length()
                && (Character.isLetterOrDigit(text.charAt(pos))
                        || text.charAt(pos) == '_'
                        || text.charAt(pos) == '$')) {
            pos++;
        }
        if (start == pos) {
            throw error("an object key");
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw new IllegalArgumentException("JavaScript literal ends early at offset " + pos);
        }
        return text.charAt(pos);
    }

    private IllegalArgumentException error(String expected) {
        String near = text.substring(pos, Math.min(text.length(), pos + 40));
        return new IllegalArgumentException(
                "Expected " + expected + " at offset " + pos + " of the JavaScript, near: " + near);
    }
}
