package io.zapsocket.examples.hello;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code blocks of a Markdown file that name their source: a line {@code <!-- snippet: path/of/File.java -->}
 * directly followed by a fenced block, which must equal the file without its {@code package} line; or
 * {@code <!-- snippet: path/of/File.java#name -->}, which must equal the lines between {@code // snippet:start name}
 * and {@code // snippet:end name} of the file, without their common indentation.
 */
final class MarkdownSnippets {

    private static final Pattern SNIPPET =
            Pattern.compile("<!-- snippet: (\\S+) -->\n```[a-z]*\n(.*?)```\n", Pattern.DOTALL);
    private static final Pattern PACKAGE_LINE = Pattern.compile("\\Apackage [\\w.]+;\n\n?");

    private MarkdownSnippets() {
    }

    /** Path of the source file → the block's text, in the order of the document. */
    static Map<String, String> of(String markdown) {
        Map<String, String> snippets = new LinkedHashMap<>();
        Matcher m = SNIPPET.matcher(markdown);
        while (m.find()) {
            snippets.put(m.group(1), m.group(2));
        }
        return snippets;
    }

    /** The path part of a snippet key ({@code path#region} → {@code path}). */
    static String file(String key) {
        int hash = key.indexOf('#');
        return hash < 0 ? key : key.substring(0, hash);
    }

    /** What a document shows of a Java source file for a snippet key: the whole file or one region. */
    static String shown(String key, String javaSource) {
        int hash = key.indexOf('#');
        if (hash < 0) {
            return PACKAGE_LINE.matcher(javaSource).replaceFirst("");
        }
        String name = key.substring(hash + 1);
        List<String> lines = javaSource.lines().toList();
        int start = indexOf(lines, "// snippet:start " + name, 0);
        int end = indexOf(lines, "// snippet:end " + name, start + 1);
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException("no region '" + name + "' (// snippet:start/end) in " + file(key));
        }
        List<String> region = lines.subList(start + 1, end);
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : region) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString();
    }

    private static int indexOf(List<String> lines, String marker, int from) {
        for (int i = Math.max(from, 0); i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        return -1;
    }
}
