package dev.routeplane.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of one batch, collected as they arrive in any order and read back in input order, with memory bounded
 * by the number of requests (an id and two numbers each), never by their outputs: outputs go to disk as they come.
 *
 * <p>Two files in {@code dir}: {@code <name>.index}, the batch's requests in input order ({@code <line> <id>} per
 * request, written by {@link #expect}), and {@code <name>.results}, one line per recorded result
 * ({@code <ordinal> <ok> <outcome> <output line>}). Both are appended and flushed as they grow, so a process that stops can
 * {@link #open} them again and go on: the index is read back, and results already recorded are known (a result line
 * cut off by a crash is dropped; its result arrives again from the results topic). A result for an id recorded
 * already is ignored, so a redelivered or duplicate result never yields a second output line.
 *
 * <p>Thread-safe (every method synchronizes on the spool).
 */
public final class BatchResultSpool implements AutoCloseable {

    /** One request of the batch, in input order, with its result if one was recorded. */
    public interface Visitor {
        /**
         * @param lineNumber the request's line in the input file
         * @param id its id within the batch (custom_id)
         * @param recorded whether a result was recorded
         * @param ok whether that result succeeded
         * @param output the recorded output line, null if none
         */
        void visit(long lineNumber, String id, boolean recorded, boolean ok, String output) throws IOException;
    }

    private final Path indexFile;
    private final Path resultsFile;
    private final Map<String, Integer> ordinals = new HashMap<>();
    private long[] lines = new long[1024];
    private long[] offsets = new long[1024];
    private final BitSet ok = new BitSet();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private int expected;
    private int recorded;
    private int succeeded;
    private OutputStream index;
    private OutputStream results;
    private long resultsLength;

    private BatchResultSpool(Path dir, String name) {
        this.indexFile = dir.resolve(name + ".index");
        this.resultsFile = dir.resolve(name + ".results");
    }

    /** Opens the spool named {@code name} in {@code dir}, reading back what an earlier run left there. */
    public static BatchResultSpool open(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        BatchResultSpool spool = new BatchResultSpool(dir, name);
        spool.load();
        return spool;
    }

    private void load() throws IOException {
        if (Files.exists(indexFile)) {
            long good = 0;
            try (RandomAccessFile raf = new RandomAccessFile(indexFile.toFile(), "r")) {
                LineReader in = new LineReader(raf, 0);
                byte[] line;
                while ((line = in.next()) != null) {
                    String text = new String(line, StandardCharsets.UTF_8);
                    int space = text.indexOf(' ');
                    addExpected(Long.parseLong(text.substring(0, space)), unescape(text.substring(space + 1)));
                    good += line.length + 1L;
                }
            }
            truncate(indexFile, good); // a line cut off by a crash is written again
        }
        if (Files.exists(resultsFile)) {
            long offset = 0;
            try (RandomAccessFile raf = new RandomAccessFile(resultsFile.toFile(), "r")) {
                LineReader in = new LineReader(raf, 0);
                byte[] line;
                while ((line = in.next()) != null) {
                    String[] head = new String(line, StandardCharsets.UTF_8).split(" ", 4);
                    int ordinal = Integer.parseInt(head[0]);
                    if (ordinal < expected && offsets[ordinal] < 0) {
                        markRecorded(ordinal, "1".equals(head[1]), head[2], offset);
                    }
                    offset += line.length + 1L;
                }
            }
            truncate(resultsFile, offset);
            resultsLength = offset;
        }
    }

    /**
     * Adds the next request of the batch in input order; appended to the index at once.
     *
     * @throws IllegalArgumentException if the id was added before (ids are unique within a batch)
     */
    public synchronized void expect(long lineNumber, String id) throws IOException {
        if (ordinals.containsKey(id)) {
            throw new IllegalArgumentException("id '" + id + "' is already part of this batch");
        }
        if (index == null) {
            index = Files.newOutputStream(indexFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        index.write((lineNumber + " " + escape(id) + "\n").getBytes(StandardCharsets.UTF_8));
        index.flush();
        addExpected(lineNumber, id);
    }

    /**
     * Records the result of request {@code id} unless it has one already.
     *
     * @param outcome a short code for counting outcomes (a status or reason code; spaces become '_')
     * @param output one line of output (no line breaks)
     * @return false, recording nothing, for an id not in the batch or one recorded before
     */
    public synchronized boolean record(String id, boolean succeeded, String outcome, String output) throws IOException {
        Integer ordinal = ordinals.get(id);
        if (ordinal == null || offsets[ordinal] >= 0) {
            return false;
        }
        if (output.indexOf('\n') >= 0 || output.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an output line must not contain line breaks");
        }
        String code =
                outcome == null || outcome.isBlank() ? "-" : outcome.strip().replaceAll("\\s+", "_");
        if (results == null) {
            results = Files.newOutputStream(resultsFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        byte[] bytes = (ordinal + " " + (succeeded ? '1' : '0') + " " + code + " " + output + "\n")
                .getBytes(StandardCharsets.UTF_8);
        results.write(bytes);
        results.flush(); // no fsync: after a crash the results topic delivers again what the OS lost
        markRecorded(ordinal, succeeded, code, resultsLength);
        resultsLength += bytes.length;
        return true;
    }

    /** Recorded results per outcome code, in code order. */
    public synchronized Map<String, Integer> outcomes() {
        return new TreeMap<>(outcomes);
    }

    /** Whether {@code id} is a request of this batch. */
    public synchronized boolean contains(String id) {
        return ordinals.containsKey(id);
    }

    /** Whether {@code id} has a recorded result. */
    public synchronized boolean hasResult(String id) {
        Integer ordinal = ordinals.get(id);
        return ordinal != null && offsets[ordinal] >= 0;
    }

    /** Requests added with {@link #expect}. */
    public synchronized int expected() {
        return expected;
    }

    /** Requests with a recorded result. */
    public synchronized int recorded() {
        return recorded;
    }

    /** Recorded results that succeeded. */
    public synchronized int succeeded() {
        return succeeded;
    }

    /** Recorded results that did not succeed. */
    public synchronized int failed() {
        return recorded - succeeded;
    }

    /** Every request in input order with its result, reading outputs from disk one at a time. */
    public synchronized void forEachInOrder(Visitor visitor) throws IOException {
        if (results != null) {
            results.flush();
        }
        String[] ids = new String[expected];
        ordinals.forEach((id, ordinal) -> ids[ordinal] = id);
        try (RandomAccessFile raf =
                Files.exists(resultsFile) ? new RandomAccessFile(resultsFile.toFile(), "r") : null) {
            for (int i = 0; i < expected; i++) {
                String output = null;
                if (offsets[i] >= 0) {
                    byte[] line = new LineReader(raf, offsets[i]).next();
                    String text = new String(line, StandardCharsets.UTF_8);
                    output = text.split(" ", 4)[3];
                }
                visitor.visit(lines[i], ids[i], offsets[i] >= 0, ok.get(i), output);
            }
        }
    }

    /** Deletes both files; the spool is closed. */
    public synchronized void delete() throws IOException {
        close();
        Files.deleteIfExists(indexFile);
        Files.deleteIfExists(resultsFile);
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (index != null) {
                index.close();
            }
        } finally {
            index = null;
            if (results != null) {
                results.close();
            }
            results = null;
        }
    }

    private void addExpected(long lineNumber, String id) {
        if (expected == lines.length) {
            lines = Arrays.copyOf(lines, expected * 2);
            offsets = Arrays.copyOf(offsets, expected * 2);
        }
        lines[expected] = lineNumber;
        offsets[expected] = -1;
        ordinals.put(id, expected);
        expected++;
    }

    private void markRecorded(int ordinal, boolean succeeded, String outcome, long offset) {
        offsets[ordinal] = offset;
        outcomes.merge(outcome, 1, Integer::sum);
        ok.set(ordinal, succeeded);
        recorded++;
        this.succeeded += succeeded ? 1 : 0;
    }

    private static void truncate(Path file, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (channel.size() > length) {
                channel.truncate(length);
            }
        }
    }

    static String escape(String id) {
        return id.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Reads whole lines (ending in '\n') from a position; a last line without its '\n' counts as cut off. */
    private static final class LineReader {
        private final RandomAccessFile file;
        private final byte[] buffer = new byte[16 * 1024];
        private long position;
        private int start;
        private int end;

        LineReader(RandomAccessFile file, long position) {
            this.file = file;
            this.position = position;
        }

        byte[] next() throws IOException {
            ByteArrayOutputStream line = null;
            while (true) {
                if (start == end) {
                    file.seek(position);
                    end = file.read(buffer);
                    start = 0;
                    if (end <= 0) {
                        end = 0;
                        return null; // end of file; a partial line is dropped
                    }
                    position += end;
                }
                for (int i = start; i < end; i++) {
                    if (buffer[i] == '\n') {
                        byte[] chunk = Arrays.copyOfRange(buffer, start, i);
                        start = i + 1;
                        if (line == null) {
                            return chunk;
                        }
                        line.write(chunk, 0, chunk.length);
                        return line.toByteArray();
                    }
                }
                if (line == null) {
                    line = new ByteArrayOutputStream();
                }
                line.write(buffer, start, end - start);
                start = end;
            }
        }
    }
}
