package dev.spool.cli.job;

import java.util.ArrayList;
import java.util.List;

/**
 * Test-only: splits one line of a case table into words, in a subset of bash syntax so a line can be
 * pasted into a shell: blanks separate words; {@code '...'} is literal; {@code "..."} is literal but for {@code \" \\ \$ \`}; {@code $'...'} understands
 * {@code \n \t \r \\ \' \xHH}; anything else is literal. Results are ISO-8859-1 strings.
 */
public final class ShellWords {

    private ShellWords() {}

    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                w.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (line.charAt(i) != '"') {
                    char d = line.charAt(i++);
                    if (d == '\\' && "\"\\$`".indexOf(line.charAt(i)) >= 0) {
                        d = line.charAt(i++);
                    }
                    w.append(d);
                }
                i++;
                inWord = true;
            } else if (c == '$' && i + 1 < line.length() && line.charAt(i + 1) == '\'') {
                i += 2;
                while (line.charAt(i) != '\'') {
                    char d = line.charAt(i++);
                    if (d == '\\') {
                        char e = line.charAt(i++);
                        switch (e) {
                            case 'n' -> w.append('\n');
                            case 't' -> w.append('\t');
                            case 'r' -> w.append('\r');
                            case 'x' -> {
                                w.append((char) Integer.parseInt(line.substring(i, i + 2), 16));
                                i += 2;
                            }
                            default -> w.append(e);
                        }
                    } else {
                        w.append(d);
                    }
                }
                i++;
                inWord = true;
            } else {
                w.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
