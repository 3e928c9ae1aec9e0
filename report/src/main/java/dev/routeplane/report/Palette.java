package dev.routeplane.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Series colours, assigned once per page so a model has the same colour in every chart. The colours are
 * Tableau's 20, chosen for telling categories apart; a 21st series reuses them in order.
 */
final class Palette {
    private static final List<String> COLOURS = List.of(
            "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
            "#bab0ac", "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d", "#f1ce63", "#d4a6c8", "#fabfd2",
            "#d7b5a6", "#79706e");
    /** The colour of the "other" series that collects the smallest ones. */
    static final String OTHER = "#cbd2d9";

    private Palette() {}

    /** Dark text on light colours, white on dark ones, by perceived luminance. */
    static String textOn(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        double luminance = 0.299 * (rgb >> 16) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
        return luminance > 150 ? "#1f2933" : "#ffffff";
    }

    static Map<String, String> assign(List<String> keys) {
        Map<String, String> colours = new LinkedHashMap<>();
        for (String key : keys) {
            colours.putIfAbsent(key, COLOURS.get(colours.size() % COLOURS.size()));
        }
        return colours;
    }
}
