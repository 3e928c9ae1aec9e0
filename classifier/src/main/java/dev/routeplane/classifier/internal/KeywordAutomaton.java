package dev.routeplane.classifier.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Finds many keywords in one pass (Aho-Corasick compiled to a dense DFA over a small alphabet), so
 * adding a keyword costs no extra scan. Matching is case-insensitive for Latin letters, treats any whitespace as a
 * space, and applies word boundaries: a keyword starting (ending) with a letter or digit must start
 * (end) at a word boundary, unless it ends in {@code *}, which makes it a stem ({@code summar*} matches
 * summarize, summary, summarise). Characters outside the keywords' alphabet reset the automaton.
 * Immutable and thread-safe after construction.
 */
final class KeywordAutomaton {

    /** Symbols for ASCII and Latin-1/Latin Extended-A/B, so keywords like "übersetz*" work. */
    private static final int MAPPED = 0x250;
    /** Halves shorter than this (beyond the second walk's lead-in) are not worth a second walk. */
    private static final int MIN_SPLIT_HALF = 64;

    private final byte[] symbolOf = new byte[MAPPED];
    private final int alphabet;
    /**
     * Transitions: entry {@code state * alphabet + symbol} holds the next state already multiplied by the alphabet
     * size (the index of its row), so the per-character step is one add and one load. States are numbered with
     * those that have outputs last, so that one compare with {@link #firstOutputRow} tells them apart. Held as
     * {@code char}s, half the bytes of {@code int}s: the table is some hundred kilobytes, larger than a core's
     * first-level cache, and the scan's step is a load that depends on the previous one.
     */
    private final char[] delta;

    private final int firstOutputRow;
    private final int[][] outputs;
    private final int[] lengths;
    private final boolean[] needsStart;
    private final boolean[] needsEnd;
    /** The longest keyword body: how many characters decide the state after any character. */
    private final int longest;

    /** @param keywords lower-case ASCII keywords; a keyword's index is its id in {@link #scan} */
    KeywordAutomaton(List<String> keywords) {
        int count = keywords.size();
        lengths = new int[count];
        needsStart = new boolean[count];
        needsEnd = new boolean[count];
        String[] bodies = new String[count];
        int symbols = 1;
        for (int k = 0; k < count; k++) {
            String kw = keywords.get(k);
            boolean stem = kw.endsWith("*");
            String body = stem ? kw.substring(0, kw.length() - 1) : kw;
            if (body.isEmpty()
                    || !body.equals(body.toLowerCase(Locale.ROOT))
                    || !body.chars().allMatch(c -> c >= ' ' && c < MAPPED && c != 127)) {
                throw new IllegalArgumentException("keyword must be non-empty lower-case Latin text: '" + kw + "'");
            }
            bodies[k] = body;
            lengths[k] = body.length();
            needsStart[k] = Chars.isWordChar(body.charAt(0));
            needsEnd[k] = !stem && Chars.isWordChar(body.charAt(body.length() - 1));
            for (char c : body.toCharArray()) {
                if (symbolOf[c] == 0) {
                    symbolOf[c] = (byte) symbols++;
                    char upper = Character.toUpperCase(c);
                    if (upper < MAPPED) {
                        symbolOf[upper] = symbolOf[c];
                    }
                }
            }
        }
        alphabet = symbols;
        longest = Arrays.stream(lengths).max().orElse(0);
        byte space = symbolOf[' '];
        for (char ws : new char[] {'\t', '\n', '\r', '\f'}) {
            symbolOf[ws] = space;
        }

        List<int[]> trie = new ArrayList<>();
        List<int[]> out = new ArrayList<>();
        trie.add(new int[alphabet]);
        out.add(new int[0]);
        for (int k = 0; k < count; k++) {
            int node = 0;
            for (char c : bodies[k].toCharArray()) {
                int sym = symbolOf[c];
                if (trie.get(node)[sym] == 0) {
                    trie.get(node)[sym] = trie.size();
                    trie.add(new int[alphabet]);
                    out.add(new int[0]);
                }
                node = trie.get(node)[sym];
            }
            out.set(node, append(out.get(node), k));
        }

        // Breadth-first: resolve failure links into the transition table itself (a DFA).
        int nodes = trie.size();
        int[] delta = new int[nodes * alphabet];
        int[] fail = new int[nodes];
        outputs = new int[nodes][];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        outputs[0] = out.get(0);
        for (int sym = 0; sym < alphabet; sym++) {
            int child = sym == 0 ? 0 : trie.get(0)[sym];
            delta[sym] = child;
            if (child != 0) {
                queue.add(child);
            }
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            outputs[node] = concat(out.get(node), outputs[fail[node]]);
            for (int sym = 0; sym < alphabet; sym++) {
                int child = sym == 0 ? 0 : trie.get(node)[sym];
                if (child != 0) {
                    fail[child] = delta[fail[node] * alphabet + sym];
                    delta[node * alphabet + sym] = child;
                    queue.add(child);
                } else {
                    delta[node * alphabet + sym] = delta[fail[node] * alphabet + sym];
                }
            }
        }
        if (delta.length > Character.MAX_VALUE + 1) {
            throw new IllegalArgumentException("keywords need " + nodes + " states of " + alphabet
                    + " symbols, more than a table of char row indexes holds (" + (Character.MAX_VALUE + 1) + ")");
        }
        firstOutputRow = renumberOutputStatesLast(delta, outputs, alphabet);
        this.delta = new char[delta.length];
        for (int i = 0; i < delta.length; i++) {
            this.delta[i] = (char) delta[i];
        }
    }

    /**
     * Renumbers the states in place so that those with outputs come last, and turns every transition target into
     * the index of its row. Returns the row of the first state with outputs.
     */
    private static int renumberOutputStatesLast(int[] delta, int[][] outputs, int alphabet) {
        int nodes = outputs.length;
        int[] renumbered = new int[nodes];
        int next = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int node = 0; node < nodes; node++) {
                if ((outputs[node].length > 0) == (pass == 1)) {
                    renumbered[node] = next++; // the start state has no outputs and stays 0
                }
            }
        }
        int withoutOutputs = 0;
        int[][] byRow = new int[nodes][];
        int[] table = new int[delta.length];
        for (int node = 0; node < nodes; node++) {
            int to = renumbered[node];
            byRow[to] = outputs[node];
            withoutOutputs += outputs[node].length == 0 ? 1 : 0;
            for (int sym = 0; sym < alphabet; sym++) {
                table[to * alphabet + sym] = renumbered[delta[node * alphabet + sym]] * alphabet;
            }
        }
        System.arraycopy(table, 0, delta, 0, table.length);
        System.arraycopy(byRow, 0, outputs, 0, nodes);
        return withoutOutputs * alphabet;
    }

    /**
     * Marks in {@code hits} the id of every keyword occurring in {@code s[from, to)}. Boundaries are
     * checked against the whole string, so a region cut mid-word does not create a false match.
     *
     * <p>A region long enough is read as two halves at once. Each step is a table load that depends on the one
     * before, so one walk is bound by the load's latency; two independent walks in one loop keep two loads in
     * flight. The state after a character depends only on the last {@link #longest} characters read (the longest
     * suffix that begins a keyword, measured from {@code from}), so the second walk starts that many characters
     * before its half, reports nothing there, and from its half's first character on is in exactly the state the
     * single walk would be in: the same matches end at the same places.
     */
    void scan(String s, int from, int to, boolean[] hits) {
        int half = (to - from) / 2;
        if (half < longest + MIN_SPLIT_HALF) {
            walk(s, from, to, hits);
            return;
        }
        int mid = from + half;
        int rowB = 0;
        for (int i = mid - longest; i < mid; i++) {
            rowB = step(rowB, s.charAt(i));
        }
        int rowA = 0;
        for (int i = from, j = mid; i < mid; i++, j++) {
            rowA = step(rowA, s.charAt(i));
            rowB = step(rowB, s.charAt(j));
            if (rowA >= firstOutputRow) {
                report(s, i, rowA, hits);
            }
            if (rowB >= firstOutputRow) {
                report(s, j, rowB, hits);
            }
        }
        if (mid + half < to) { // an odd length leaves the second walk one character more
            rowB = step(rowB, s.charAt(to - 1));
            if (rowB >= firstOutputRow) {
                report(s, to - 1, rowB, hits);
            }
        }
    }

    /** The single walk over {@code s[from, to)}, from the start state; what {@link #scan} must equal. */
    void walk(String s, int from, int to, boolean[] hits) {
        int row = 0;
        for (int i = from; i < to; i++) {
            row = step(row, s.charAt(i));
            if (row >= firstOutputRow) {
                report(s, i, row, hits);
            }
        }
    }

    private int step(int row, char c) {
        return delta[row + (c < MAPPED ? symbolOf[c] : 0)];
    }

    /** Marks the keywords of output state {@code row}, reached at character {@code last}, whose boundaries hold. */
    private void report(String s, int last, int row, boolean[] hits) {
        for (int k : outputs[row / alphabet]) {
            if (!hits[k] && boundariesHold(s, last, k)) {
                hits[k] = true;
            }
        }
    }

    private boolean boundariesHold(String s, int last, int k) {
        int start = last - lengths[k] + 1;
        return (!needsStart[k] || Chars.atTokenStart(s, start)) && (!needsEnd[k] || Chars.atTokenEnd(s, last + 1));
    }

    private static int[] append(int[] a, int v) {
        int[] r = Arrays.copyOf(a, a.length + 1);
        r[a.length] = v;
        return r;
    }

    private static int[] concat(int[] a, int[] b) {
        if (b.length == 0) {
            return a;
        }
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
