package dev.routeplane.classifier.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The keyword vocabulary of the task heuristics: each keyword feeds one {@link Signal} with a weight
 * (3 = an explicit ask such as "summarize", 2 = strong evidence, 1 = a hint). Labels are what trace
 * lines quote: they are this fixed vocabulary, never text copied from a prompt.
 */
final class TaskKeywords {

    /** What a keyword is evidence of. */
    enum Signal {
        CODE,
        EXTRACT,
        CLASSIFY,
        TRANSLATE,
        SUMMARIZE,
        REASON,
        CREATIVE,
        SYNTHESIZE,
        JSON_OUTPUT,
        TARGET_LANGUAGE
    }

    /** One keyword; {@code language} is set only for {@link Signal#TARGET_LANGUAGE}. */
    record Keyword(String pattern, Signal signal, int weight, String label, String language) {}

    static final List<Keyword> ALL = build();

    private TaskKeywords() {}

    private static List<Keyword> build() {
        List<Keyword> k = new ArrayList<>();
        add(
                k,
                Signal.CODE,
                3,
                "```",
                "write a function",
                "write a script",
                "write a program",
                "write code",
                "refactor*",
                "fix this bug",
                "unit test*");
        add(
                k,
                Signal.CODE,
                2,
                "implement",
                "debug*",
                "stack trace",
                "traceback",
                "regex",
                "sql query",
                "#include",
                "public static",
                "console.log",
                "system.out",
                "def",
                "fn main",
                "=>",
                "();");
        add(
                k,
                Signal.CODE,
                1,
                "code",
                "function",
                "python",
                "java",
                "javascript",
                "typescript",
                "golang",
                "c++",
                "bug",
                "compiler",
                "api",
                "};");
        add(k, Signal.SUMMARIZE, 3, "summar*", "tl;dr", "tldr", "key points", "main points", "recap", "gist");
        add(k, Signal.SUMMARIZE, 2, "condense", "in a nutshell", "shorten", "boil down");
        add(k, Signal.EXTRACT, 3, "extract*", "named entit*", "pull out", "structured data");
        add(k, Signal.EXTRACT, 2, "parse", "fields", "key-value", "fill in the");
        add(
                k,
                Signal.CLASSIFY,
                3,
                "classif*",
                "categori*",
                "sentiment",
                "which category",
                "is this spam",
                "positive or negative",
                "spam or not");
        add(k, Signal.CLASSIFY, 2, "label", "labels", "label each", "tag each", "intent");
        add(k, Signal.TRANSLATE, 3, "translat*", "tradu*", "vertaal*", "übersetz*", "przetłumacz*", "översätt*");
        add(
                k,
                Signal.CREATIVE,
                3,
                "story",
                "stories",
                "poem*",
                "poetry",
                "haiku",
                "limerick",
                "sonnet",
                "lyrics",
                "screenplay",
                "fairy tale",
                "short fiction");
        add(k, Signal.CREATIVE, 2, "song", "fiction", "creative*", "novel", "once upon a time", "slogan");
        add(
                k,
                Signal.REASON,
                3,
                "prove",
                "step by step",
                "step-by-step",
                "which of the following",
                "multiple choice",
                "answer choices",
                "theorem");
        add(
                k,
                Signal.REASON,
                2,
                "proof",
                "solve",
                "calculate",
                "equation",
                "integral",
                "derivative",
                "probability",
                "explain why",
                "puzzle",
                "riddle",
                "deduce",
                "reasoning",
                "(a)",
                "(b)");
        add(k, Signal.REASON, 1, "why", "how many", "logic*", "math*", "compute", "think carefully", "infer");
        add(
                k,
                Signal.SYNTHESIZE,
                3,
                "synthesi*",
                "literature review",
                "across the documents",
                "across these documents",
                "across all documents");
        add(
                k,
                Signal.SYNTHESIZE,
                2,
                "across these",
                "across all",
                "common themes",
                "key themes",
                "these documents",
                "the following documents",
                "compar*");
        add(
                k,
                Signal.JSON_OUTPUT,
                0,
                "in json",
                "as json",
                "json format",
                "json object",
                "valid json",
                "return json",
                "output json",
                "respond with json",
                "json output",
                "json schema",
                "into json",
                "only json",
                "json only",
                "strict json",
                "json array",
                "json response",
                "json:");
        String[][] languages = {
            {"english", "en"}, {"german", "de"}, {"french", "fr"}, {"spanish", "es"}, {"italian", "it"},
            {"portuguese", "pt"}, {"dutch", "nl"}, {"polish", "pl"}, {"swedish", "sv"}, {"japanese", "ja"},
            {"chinese", "zh"}, {"mandarin", "zh"}, {"korean", "ko"}, {"russian", "ru"}, {"arabic", "ar"},
            {"hebrew", "he"}, {"greek", "el"}, {"hindi", "hi"}, {"thai", "th"}, {"turkish", "tr"},
            {"ukrainian", "uk"},
        };
        for (String[] lang : languages) {
            for (String prep : new String[] {"into ", "to "}) {
                k.add(new Keyword(prep + lang[0], Signal.TARGET_LANGUAGE, 0, prep + lang[0], lang[1]));
            }
        }
        return List.copyOf(k);
    }

    private static void add(List<Keyword> into, Signal signal, int weight, String... patterns) {
        for (String p : patterns) {
            String label = p.endsWith("*") ? canonical(p) : p;
            into.add(new Keyword(p, signal, weight, label, null));
        }
    }

    /** Stems read better in a trace as the word a user would write. */
    private static String canonical(String stem) {
        return switch (stem) {
            case "summar*" -> "summarize";
            case "classif*" -> "classify";
            case "categori*" -> "categorize";
            case "translat*", "tradu*", "vertaal*", "übersetz*", "przetłumacz*", "översätt*" -> "translate";
            case "synthesi*" -> "synthesize";
            case "compar*" -> "compare";
            default -> stem.substring(0, stem.length() - 1);
        };
    }
}
