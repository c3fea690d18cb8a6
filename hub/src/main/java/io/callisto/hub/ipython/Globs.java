package io.callisto.hub.ipython;

/**
 * Unix glob patterns as IPython's history search takes them (SQLite's {@code GLOB}), turned into
 * PostgreSQL regular expressions: {@code *} matches any run of characters (newlines too), {@code ?} one
 * character, {@code [abc]}, {@code [a-z]} one of a set, {@code [^abc]} or {@code [!abc]} one character
 * not in it (a {@code ]} right after the opening bracket belongs to the set); a {@code [} without a
 * closing {@code ]}, and everything else, matches itself. Matching is case-sensitive and whole: the
 * pattern must match all of the text, so {@code *foo*} finds "foo" anywhere.
 */
public final class Globs {

    private static final String SPECIAL = "\\.^$|?*+()[]{}";

    private Globs() {
    }

    /** @throws IllegalArgumentException for a set with a backwards range, like {@code [z-a]} */
    public static String toRegex(String glob) {
        StringBuilder out = new StringBuilder("^");
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*') {
                while (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    i++;
                }
                out.append(".*");
            } else if (c == '?') {
                out.append('.');
            } else if (c == '[' && setEnd(glob, i) > 0) {
                int end = setEnd(glob, i);
                appendSet(out, glob.substring(i + 1, end));
                i = end;
            } else {
                appendLiteral(out, c);
            }
            i++;
        }
        return out.append('$').toString();
    }

    /** The index of the {@code ]} closing the set opened at {@code open}, or -1 when there is none. */
    private static int setEnd(String glob, int open) {
        int j = open + 1;
        if (j < glob.length() && (glob.charAt(j) == '^' || glob.charAt(j) == '!')) {
            j++;
        }
        if (j < glob.length() && glob.charAt(j) == ']') {
            j++;
        }
        return glob.indexOf(']', j);
    }

    private static void appendSet(StringBuilder out, String body) {
        out.append('[');
        int i = 0;
        if (!body.isEmpty() && (body.charAt(0) == '^' || body.charAt(0) == '!')) {
            out.append('^');
            i = 1;
        }
        for (; i < body.length(); i++) {
            char c = body.charAt(i);
            if (i + 2 < body.length() && body.charAt(i + 1) == '-' && body.charAt(i + 2) < c) {
                throw new IllegalArgumentException("the range " + c + "-" + body.charAt(i + 2) + " in [" + body + "] runs backwards");
            }
            if (c == '\\' || c == '[' || (c == '^' && i > 0)) {
                out.append('\\');
            }
            out.append(c);
        }
        out.append(']');
    }

    private static void appendLiteral(StringBuilder out, char c) {
        if (SPECIAL.indexOf(c) >= 0) {
            out.append('\\');
        }
        out.append(c);
    }
}
