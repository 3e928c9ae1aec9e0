package dev.routeplane.report;

import static dev.routeplane.report.Html.escape;
import static dev.routeplane.report.Html.px;

import java.util.List;
import java.util.Map;

/**
 * A tiny inline-SVG writer: every text and attribute value goes through {@link Html#escape}, so model and
 * tenant names cannot inject markup. No namespace URL is written: SVG inline in HTML5 needs none, and the
 * page stays free of any external reference.
 */
final class Svg {
    static final String FONT = "font-family=\"system-ui, sans-serif\"";

    private final StringBuilder out = new StringBuilder();

    Svg(int width, int height, String label) {
        out.append("<svg class=\"chart\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(escape(label))
                .append("\" ")
                .append(FONT)
                .append(">\n");
    }

    /** A filled rectangle with a hover tooltip. */
    Svg rect(double x, double y, double width, double height, String fill, String tooltip) {
        out.append("<rect x=\"")
                .append(px(x))
                .append("\" y=\"")
                .append(px(y))
                .append("\" width=\"")
                .append(px(Math.max(0, width)))
                .append("\" height=\"")
                .append(px(Math.max(0, height)))
                .append("\" fill=\"")
                .append(escape(fill))
                .append('"');
        return tooltip == null ? close("/>\n") : close("><title>" + escape(tooltip) + "</title></rect>\n");
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double width) {
        out.append("<line x1=\"")
                .append(px(x1))
                .append("\" y1=\"")
                .append(px(y1))
                .append("\" x2=\"")
                .append(px(x2))
                .append("\" y2=\"")
                .append(px(y2))
                .append("\" stroke=\"")
                .append(escape(stroke))
                .append("\" stroke-width=\"")
                .append(px(width))
                .append("\"/>\n");
        return this;
    }

    Svg circle(double cx, double cy, double r, String fill, String tooltip) {
        out.append("<circle cx=\"")
                .append(px(cx))
                .append("\" cy=\"")
                .append(px(cy))
                .append("\" r=\"")
                .append(px(r))
                .append("\" fill=\"")
                .append(escape(fill))
                .append("\" stroke=\"#fff\" stroke-width=\"1.5\">")
                .append("<title>")
                .append(escape(tooltip))
                .append("</title></circle>\n");
        return this;
    }

    /** Text anchored at (x, y); {@code anchor} is start, middle or end. */
    Svg text(double x, double y, String text, String anchor, int size, String fill) {
        return text(x, y, text, anchor, size, fill, Map.of());
    }

    Svg text(double x, double y, String text, String anchor, int size, String fill, Map<String, String> extra) {
        out.append("<text x=\"")
                .append(px(x))
                .append("\" y=\"")
                .append(px(y))
                .append("\" text-anchor=\"")
                .append(anchor)
                .append("\" font-size=\"")
                .append(size)
                .append("\" fill=\"")
                .append(escape(fill))
                .append('"');
        extra.forEach((name, value) ->
                out.append(' ').append(name).append("=\"").append(escape(value)).append('"'));
        out.append('>').append(escape(text)).append("</text>\n");
        return this;
    }

    /** The chart title, top left. */
    Svg title(String title, int width) {
        return text(16, 24, title, "start", 15, "#1f2933", Map.of("font-weight", "600"));
    }

    /**
     * A legend row of colour swatches starting at (x, y), wrapping at {@code maxX}; returns the y below it.
     */
    double legend(double x, double y, double maxX, List<Map.Entry<String, String>> entries) {
        double cx = x;
        double cy = y;
        for (Map.Entry<String, String> entry : entries) {
            double width = 22 + entry.getKey().length() * 6.6 + 14;
            if (cx + width > maxX && cx > x) {
                cx = x;
                cy += 18;
            }
            rect(cx, cy - 10, 12, 12, entry.getValue(), null);
            text(cx + 17, cy, entry.getKey(), "start", 12, "#323f4b");
            cx += width;
        }
        return cy + 18;
    }

    /** A centred note for a chart with nothing to draw. */
    Svg empty(int width, int height, String message) {
        return text(width / 2.0, height / 2.0, message, "middle", 14, "#7b8794");
    }

    private Svg close(String tail) {
        out.append(tail);
        return this;
    }

    String end() {
        return out.append("</svg>\n").toString();
    }
}
