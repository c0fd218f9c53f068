package io.zapsocket.examples.hello;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code blocks of a Markdown file that name their source: a line {@code <!-- snippet: path/of/File.java -->}
 * directly followed by a fenced block. The block must equal the file without its {@code package} line.
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

    /** What a README shows of a Java source file: all of it but the package line. */
    static String shown(String javaSource) {
        return PACKAGE_LINE.matcher(javaSource).replaceFirst("");
    }
}
