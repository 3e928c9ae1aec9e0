package dev.routeplane.ledger;

import dev.routeplane.ledger.internal.Dollars;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes a {@link UsageReport} as CSV for invoices and spreadsheets:
 *
 * <pre>
 * date,tenant,provider,model,calls,failures,input_tokens,output_tokens,sync_cost_usd,batch_calls,batch_cost_usd,cost_usd
 * 2026-11-03,acme,openai,gpt-4o,12,1,34567,8901,0.100427,5,0.075000,0.175427
 * total,acme,,,12,1,34567,8901,0.100427,5,0.075000,0.175427
 * </pre>
 *
 * {@code cost_usd} (last, as before the split) is everything billed; {@code sync_cost_usd} the part spent on synchronous calls and
 * {@code batch_cost_usd} the part spent on lines of provider batches (at the batch price), {@code batch_calls} of
 * them.
 * Dollars are exact decimals with six places (one micro-dollar), never floating point; the last line
 * is the total of the rows. Line ends are {@code \n}. Fields are quoted per RFC 4180 when needed.
 * Stateless and thread-safe; the CLI's {@code ledger export} uses it on the rows it queries.
 */
public final class LedgerCsvExporter {
    /** The header line. */
    public static final String HEADER = "date,tenant,provider,model,calls,failures,input_tokens,output_tokens,"
            + "sync_cost_usd,batch_calls,batch_cost_usd,cost_usd";

    /** Writes the header, one line per row, then the totals line; does not close {@code out}. */
    public void write(UsageReport report, Writer out) throws IOException {
        out.write(HEADER);
        out.write('\n');
        for (UsageRow row : report.rows()) {
            line(out, row.day().toString(), report.tenantId(), row.provider(), row.model(), row.totals());
        }
        line(out, "total", report.tenantId(), "", "", report.total());
        out.flush();
    }

    /** The whole CSV as a string. */
    public String toCsv(UsageReport report) {
        StringWriter out = new StringWriter();
        try {
            write(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen with a StringWriter
        }
        return out.toString();
    }

    private static void line(Writer out, String date, String tenant, String provider, String model, UsageTotals t)
            throws IOException {
        out.write(String.join(
                ",",
                date,
                field(tenant),
                field(provider),
                field(model),
                Long.toString(t.calls()),
                Long.toString(t.failures()),
                Long.toString(t.inputTokens()),
                Long.toString(t.outputTokens()),
                Dollars.of(t.synchronousCostMicros()),
                Long.toString(t.providerBatchCalls()),
                Dollars.of(t.providerBatchCostMicros()),
                Dollars.of(t.costMicros())));
        out.write('\n');
    }

    private static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
