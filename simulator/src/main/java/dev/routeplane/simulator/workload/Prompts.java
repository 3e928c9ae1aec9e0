package dev.routeplane.simulator.workload;

import java.util.List;
import java.util.random.RandomGenerator;

/** The task-specific parts of the generated prompts. */
final class Prompts {

    private static final List<String> CODE_TASKS = List.of(
            "Write a Python function that merges overlapping intervals and returns them sorted.",
            "Write a Java method that parses an ISO-8601 duration and returns the number of seconds.",
            "Fix the bug in this function:\n```python\ndef mean(xs):\n    return sum(xs) / len(xs) + 1\n```",
            "Write a SQL query that returns the top five customers by revenue in the last 30 days.",
            "Implement a thread-safe LRU cache in Java with get and put in O(1).");

    private static final List<String> QUESTIONS = List.of(
            "What is a good way to explain eventual consistency to a new engineer?",
            "Can you suggest three names for an internal tool that tracks model costs?",
            "How do I politely decline a meeting that conflicts with a deadline?",
            "What should a runbook for a failed database migration contain?");

    private static final List<String> FIRST_NAMES = List.of("Anna", "Marco", "Priya", "Jonas", "Lea", "Tom");

    private Prompts() {}

    static String code(RandomGenerator random) {
        return CODE_TASKS.get(random.nextInt(CODE_TASKS.size()));
    }

    static String question(RandomGenerator random) {
        return QUESTIONS.get(random.nextInt(QUESTIONS.size()));
    }

    static String invoiceEmail(RandomGenerator random) {
        int number = 10_000 + random.nextInt(90_000);
        int cents = random.nextInt(1_000_000);
        return "Hello, please find attached invoice INV-" + number + " dated 2026-10-" + (10 + random.nextInt(18))
                + ". The total due is EUR " + (cents / 100) + "." + String.format("%02d", cents % 100)
                + ". Kind regards, Accounts";
    }

    /**
     * A customer record with an email address and a valid German IBAN: what the classifier's detectors must
     * flag as confidential/regulated so policy keeps it on approved providers.
     */
    static String confidentialRecord(RandomGenerator random) {
        String name = FIRST_NAMES.get(random.nextInt(FIRST_NAMES.size()));
        return "Customer: " + name + " Keller, email " + name.toLowerCase() + ".keller@example.com, "
                + "refund account IBAN DE89 3704 0044 0532 0130 00, order " + (100_000 + random.nextInt(900_000)) + ".";
    }
}
