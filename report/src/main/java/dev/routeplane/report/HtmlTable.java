package dev.routeplane.report;

import static dev.routeplane.report.Html.escape;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The data table beneath a chart. Cells are plain text and escaped; numeric columns align right. */
final class HtmlTable {
    private final String caption;
    private final List<String> headers;
    private final Set<Integer> numeric = new HashSet<>();
    private final List<List<String>> rows = new ArrayList<>();
    private List<String> footer;

    HtmlTable(String caption, String... headers) {
        this.caption = caption;
        this.headers = List.of(headers);
    }

    HtmlTable numeric(int... columns) {
        for (int column : columns) {
            numeric.add(column);
        }
        return this;
    }

    HtmlTable row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    HtmlTable footer(String... cells) {
        footer = List.of(cells);
        return this;
    }

    String render() {
        StringBuilder out =
                new StringBuilder("<table>\n<caption>").append(escape(caption)).append("</caption>\n<thead><tr>");
        for (int i = 0; i < headers.size(); i++) {
            out.append("<th")
                    .append(numeric.contains(i) ? " class=\"num\"" : "")
                    .append('>')
                    .append(escape(headers.get(i)))
                    .append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        if (rows.isEmpty()) {
            out.append("<tr><td colspan=\"").append(headers.size()).append("\" class=\"none\">No data</td></tr>\n");
        }
        for (List<String> row : rows) {
            cells(out, row, "td");
        }
        out.append("</tbody>\n");
        if (footer != null) {
            out.append("<tfoot>\n");
            cells(out, footer, "th");
            out.append("</tfoot>\n");
        }
        return out.append("</table>\n").toString();
    }

    private void cells(StringBuilder out, List<String> row, String tag) {
        out.append("<tr>");
        for (int i = 0; i < row.size(); i++) {
            out.append('<')
                    .append(tag)
                    .append(numeric.contains(i) ? " class=\"num\"" : "")
                    .append('>')
                    .append(escape(row.get(i)))
                    .append("</")
                    .append(tag)
                    .append('>');
        }
        out.append("</tr>\n");
    }
}
