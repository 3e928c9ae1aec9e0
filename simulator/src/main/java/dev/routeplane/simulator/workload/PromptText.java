package dev.routeplane.simulator.workload;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Deterministic filler prose for prompts of a chosen size: realistic enough for the tokenizer and the
 * language detector (real words, sentences, paragraphs), never random bytes.
 */
final class PromptText {

    private static final List<String> ENGLISH = List.of(
            "The quarterly review covered revenue, hiring and the migration of the billing service to the new cluster.",
            "Customers in the enterprise segment asked for audit logs, single sign-on and clearer invoices.",
            "Latency on the checkout path rose after the last deploy, and the team rolled back within an hour.",
            "We agreed to retire the legacy reporting jobs once the streaming pipeline matches their totals.",
            "Support tickets about delayed exports fell by a third after the queue was split by tenant.",
            "The vendor contract renews in March, so the comparison of providers has to finish before then.",
            "Engineering proposed caching the price book in memory and refreshing it when the config changes.",
            "Two incidents were caused by expired certificates; an alert now fires thirty days before expiry.",
            "The data team wants daily aggregates per model so that cost per quality can be tracked over time.",
            "Marketing will publish the case study after legal approves the wording about response times.");

    private static final List<String> GERMAN = List.of(
            "Die Lieferung ist heute Morgen eingetroffen, aber zwei Kartons waren beschädigt.",
            "Bitte prüfen Sie die Rechnung und senden Sie uns eine Bestätigung bis Freitag.",
            "Das Team hat die neue Version getestet und keine Fehler gefunden.",
            "Wir möchten den Vertrag um ein weiteres Jahr verlängern, wenn die Preise stabil bleiben.");

    private static final List<String> FRENCH = List.of(
            "La réunion de demain est reportée à jeudi en raison d'un conflit d'agenda.",
            "Nous avons reçu votre commande et elle sera expédiée dans les deux jours ouvrables.",
            "Le rapport annuel montre une hausse des ventes dans toutes les régions.",
            "Merci de confirmer votre présence avant la fin de la semaine.");

    private PromptText() {}

    /** English paragraphs of roughly {@code targetBytes} UTF-8 bytes. */
    static String english(RandomGenerator random, int targetBytes) {
        return fill(random, ENGLISH, targetBytes);
    }

    static String german(RandomGenerator random, int targetBytes) {
        return fill(random, GERMAN, targetBytes);
    }

    static String french(RandomGenerator random, int targetBytes) {
        return fill(random, FRENCH, targetBytes);
    }

    private static String fill(RandomGenerator random, List<String> sentences, int targetBytes) {
        StringBuilder text = new StringBuilder(targetBytes + 128);
        int sentencesInParagraph = 0;
        while (text.length() < targetBytes) {
            text.append(sentences.get(random.nextInt(sentences.size())));
            if (++sentencesInParagraph == 4) {
                text.append("\n\n");
                sentencesInParagraph = 0;
            } else {
                text.append(' ');
            }
        }
        return text.toString().strip();
    }
}
