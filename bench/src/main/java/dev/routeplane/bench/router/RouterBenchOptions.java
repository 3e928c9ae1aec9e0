package dev.routeplane.bench.router;

import java.nio.file.Path;

/**
 * Options of the router benchmark ({@code ./routeplane bench router}). A plain record so a command-line parser
 * can map one option to one component; the compact constructor rejects bad values with the option's name.
 *
 * @param requests        requests per measured run (the same requests for identity, router and io-shaped)
 * @param minPromptBytes  smallest prompt text per request, in UTF-8 bytes
 * @param maxPromptBytes  largest prompt text per request, in UTF-8 bytes
 * @param partitions      partitions of every benchmark topic
 * @param warmupRequests  requests of one unmeasured identity + router + io-shaped run first, so all are measured
 *                        on a warm JIT (on 2 cores the C2 compiler still takes a third of the CPU after 10,000
 *                        routed requests); 0 skips the warm-up
 * @param rounds          measured rounds; each runs identity, router and io-shaped once over its own copy of the
 *                        input, in that order in odd rounds and reversed in even ones, so drift favours none
 * @param seed            workload seed: the same seed gives the same requests
 * @param dataDir         broker, registry and state directory; null for a temporary one deleted afterwards
 */
public record RouterBenchOptions(
        int requests,
        int minPromptBytes,
        int maxPromptBytes,
        int partitions,
        int warmupRequests,
        int rounds,
        long seed,
        Path dataDir) {

    public static final int DEFAULT_REQUESTS = 50_000;
    public static final int DEFAULT_MIN_PROMPT_BYTES = 1_024;
    public static final int DEFAULT_MAX_PROMPT_BYTES = 4_096;
    public static final int DEFAULT_PARTITIONS = 6;
    public static final int DEFAULT_WARMUP_REQUESTS = 30_000;
    public static final int DEFAULT_ROUNDS = 2;
    public static final long DEFAULT_SEED = 42L;

    /** Prompts above this would be rejected by the bundled config's router.maxPromptBytes (1 MiB). */
    static final int MAX_PROMPT_BYTES_LIMIT = 512 * 1024;
    /** Partitions above this only add idle tasks: the workload has four tenants, hence at most four busy ones. */
    static final int MAX_PARTITIONS = 64;

    public RouterBenchOptions {
        require(requests >= 1 && requests <= 10_000_000, "--requests", "between 1 and 10,000,000", requests);
        require(
                minPromptBytes >= 1 && minPromptBytes <= MAX_PROMPT_BYTES_LIMIT,
                "--min-prompt-bytes",
                "between 1 and " + MAX_PROMPT_BYTES_LIMIT,
                minPromptBytes);
        require(
                maxPromptBytes >= minPromptBytes && maxPromptBytes <= MAX_PROMPT_BYTES_LIMIT,
                "--max-prompt-bytes",
                "between --min-prompt-bytes (" + minPromptBytes + ") and " + MAX_PROMPT_BYTES_LIMIT,
                maxPromptBytes);
        require(
                partitions >= 1 && partitions <= MAX_PARTITIONS,
                "--partitions",
                "between 1 and " + MAX_PARTITIONS,
                partitions);
        require(
                warmupRequests >= 0 && warmupRequests <= 10_000_000,
                "--warmup-requests",
                "between 0 and 10,000,000",
                warmupRequests);
        require(rounds >= 1 && rounds <= 10, "--rounds", "between 1 and 10", rounds);
    }

    /** 50,000 requests of 1–4 KB prompts on 6 partitions, 30,000 warm-up requests, 2 rounds, seed 42, temp dir. */
    public static RouterBenchOptions defaults() {
        return new RouterBenchOptions(
                DEFAULT_REQUESTS,
                DEFAULT_MIN_PROMPT_BYTES,
                DEFAULT_MAX_PROMPT_BYTES,
                DEFAULT_PARTITIONS,
                DEFAULT_WARMUP_REQUESTS,
                DEFAULT_ROUNDS,
                DEFAULT_SEED,
                null);
    }

    public RouterBenchOptions withRequests(int n) {
        return new RouterBenchOptions(
                n, minPromptBytes, maxPromptBytes, partitions, warmupRequests, rounds, seed, dataDir);
    }

    public RouterBenchOptions withPromptBytes(int min, int max) {
        return new RouterBenchOptions(requests, min, max, partitions, warmupRequests, rounds, seed, dataDir);
    }

    public RouterBenchOptions withPartitions(int n) {
        return new RouterBenchOptions(
                requests, minPromptBytes, maxPromptBytes, n, warmupRequests, rounds, seed, dataDir);
    }

    public RouterBenchOptions withWarmupRequests(int n) {
        return new RouterBenchOptions(requests, minPromptBytes, maxPromptBytes, partitions, n, rounds, seed, dataDir);
    }

    public RouterBenchOptions withRounds(int n) {
        return new RouterBenchOptions(
                requests, minPromptBytes, maxPromptBytes, partitions, warmupRequests, n, seed, dataDir);
    }

    public RouterBenchOptions withSeed(long s) {
        return new RouterBenchOptions(
                requests, minPromptBytes, maxPromptBytes, partitions, warmupRequests, rounds, s, dataDir);
    }

    public RouterBenchOptions withDataDir(Path dir) {
        return new RouterBenchOptions(
                requests, minPromptBytes, maxPromptBytes, partitions, warmupRequests, rounds, seed, dir);
    }

    /**
     * Parses {@code --name value} pairs (the names in the messages above), for {@link RouterBenchmark#main}.
     * The app module's picocli command maps its options onto the record directly.
     *
     * @throws IllegalArgumentException naming the unknown option or the value that is not a number
     */
    public static RouterBenchOptions parse(String... args) {
        RouterBenchOptions d = defaults();
        int requests = d.requests;
        int minPrompt = d.minPromptBytes;
        int maxPrompt = d.maxPromptBytes;
        int partitions = d.partitions;
        int warmup = d.warmupRequests;
        int rounds = d.rounds;
        long seed = d.seed;
        Path dataDir = d.dataDir;
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[i + 1];
            switch (name) {
                case "--requests" -> requests = integer(name, value);
                case "--min-prompt-bytes" -> minPrompt = integer(name, value);
                case "--max-prompt-bytes" -> maxPrompt = integer(name, value);
                case "--partitions" -> partitions = integer(name, value);
                case "--warmup-requests" -> warmup = integer(name, value);
                case "--rounds" -> rounds = integer(name, value);
                case "--seed" -> seed = longValue(name, value);
                case "--data-dir" -> dataDir = Path.of(value);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + name + "; known: --requests, "
                                    + "--min-prompt-bytes, --max-prompt-bytes, --partitions, --warmup-requests, --rounds, --seed, --data-dir");
            }
        }
        return new RouterBenchOptions(requests, minPrompt, maxPrompt, partitions, warmup, rounds, seed, dataDir);
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static long longValue(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static void require(boolean ok, String option, String expected, long actual) {
        if (!ok) {
            throw new IllegalArgumentException(option + " must be " + expected + ", got " + actual);
        }
    }
}
