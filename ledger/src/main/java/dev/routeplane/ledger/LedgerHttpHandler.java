package dev.routeplane.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.ledger.internal.Dollars;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The ledger's read API over HTTP, answering {@code /v1/ledger/...} for whichever HTTP server mounts it (the
 * API's, or {@code ledger serve}'s): it maps a {@link LedgerHttpRequest} to a {@link LedgerHttpResponse} and
 * knows nothing of the server, so the ledger module carries no server library.
 *
 * <ul>
 *   <li>{@code GET /v1/ledger/usage?tenant=T&month=YYYY-MM} or {@code &from=YYYY-MM-DD&to=YYYY-MM-DD}:
 *       rows per day × provider × model and a total, as JSON;
 *   <li>{@code GET /v1/ledger/usage.csv?…}: the same as CSV ({@link LedgerCsvExporter});
 *   <li>{@code GET /v1/ledger/batches/{batchId}?tenant=T}: a batch's usage per provider × model;
 *   <li>{@code GET /v1/ledger/spend?tenant=T}: spend in the tenant's current budget period.
 * </ul>
 *
 * Money appears twice: exact integer micro-dollars ({@code costMicros}) and a decimal dollar string with
 * six places ({@code costUsd}). The tenant is checked with the {@link TenantAuthorizer} before anything is
 * read: a refused caller gets 403 with the same body whether or not the tenant exists. Bad parameters get
 * 400 with a JSON error naming the parameter; a store that is not queryable yet (rebalance, restore) 503.
 * Thread-safe: queries read Kafka Streams' state stores.
 */
public final class LedgerHttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TENANT = Pattern.compile("[a-z0-9-]{1,64}");
    private static final int MAX_BATCH_ID = 256;

    private final LedgerQueries queries;
    private final TenantAuthorizer authorizer;
    private final LedgerCsvExporter csv = new LedgerCsvExporter();

    public LedgerHttpHandler(LedgerQueries queries, TenantAuthorizer authorizer) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    }

    /** Answers one query; never throws for bad input (400), a refused caller (403) or a store not ready (503). */
    public LedgerHttpResponse handle(LedgerHttpRequest request) {
        try {
            return serve(request);
        } catch (BadParameter e) {
            return error(400, e.parameter, e.getMessage());
        } catch (InvalidStateStoreException e) {
            return error(503, null, "The ledger is starting or rebalancing; retry shortly");
        }
    }

    private LedgerHttpResponse serve(LedgerHttpRequest request) {
        if (!"GET".equals(request.method())) {
            LedgerHttpResponse refused = error(405, null, "Only GET is supported");
            return new LedgerHttpResponse(
                    refused.status(), refused.contentType(), refused.body(), Map.of("Allow", "GET"));
        }
        String path = request.rawPath();
        int mount = path.indexOf("/v1/ledger/");
        String route = mount < 0 ? path : path.substring(mount + "/v1/ledger/".length());
        Map<String, String> params = params(request.rawQuery());
        String tenant = params.get("tenant");
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            return error(
                    400,
                    "tenant",
                    "Query parameter 'tenant' is required: a tenant id of lowercase" + " letters, digits and '-'");
        }
        if (!authorizer.mayRead(request.authorization(), tenant)) {
            return error(403, null, "Not allowed to read this tenant's ledger");
        }
        return dispatch(route, tenant, params);
    }

    private LedgerHttpResponse dispatch(String route, String tenant, Map<String, String> params) {
        if (route.equals("usage") || route.equals("usage.csv")) {
            UsageReport report = usage(tenant, params);
            if (route.equals("usage.csv")) {
                return new LedgerHttpResponse(200, "text/csv; charset=utf-8", csv.toCsv(report), Map.of());
            }
            return json(200, usageJson(report));
        } else if (route.startsWith("batches/") && route.length() > "batches/".length()) {
            String batchId = URLDecoder.decode(route.substring("batches/".length()), StandardCharsets.UTF_8);
            if (batchId.length() > MAX_BATCH_ID) {
                throw new BadParameter("batchId", "Batch id is longer than " + MAX_BATCH_ID + " characters");
            }
            return json(200, batchJson(queries.batch(tenant, batchId)));
        } else if (route.equals("spend")) {
            return json(200, spendJson(queries.spend(tenant)));
        }
        return error(404, null, "No ledger resource '" + route + "'; use usage, usage.csv, batches/{id} or spend");
    }

    private UsageReport usage(String tenant, Map<String, String> params) {
        String month = params.get("month");
        if (month != null) {
            try {
                return queries.usage(tenant, YearMonth.parse(month));
            } catch (DateTimeParseException e) {
                throw new BadParameter("month", "Parameter 'month' must be YYYY-MM, got '" + month + "'");
            }
        }
        if (params.get("from") == null && params.get("to") == null) {
            throw new BadParameter("month", "Give 'month' (YYYY-MM) or 'from' and 'to' (YYYY-MM-DD)");
        }
        LocalDate from = day(params, "from");
        LocalDate to = day(params, "to");
        if (to.isBefore(from)) {
            throw new BadParameter("to", "Parameter 'to' (" + to + ") is before 'from' (" + from + ")");
        }
        return queries.usage(tenant, from, to);
    }

    private static LocalDate day(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null) {
            throw new BadParameter(name, "Parameter '" + name + "' is required with a day range (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadParameter(name, "Parameter '" + name + "' must be YYYY-MM-DD, got '" + value + "'");
        }
    }

    private static ObjectNode usageJson(UsageReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("tenant", report.tenantId());
        root.put("from", report.from().toString());
        root.put("to", report.to().toString());
        ArrayNode rows = root.putArray("rows");
        for (UsageRow row : report.rows()) {
            ObjectNode node = rows.addObject();
            node.put("day", row.day().toString());
            node.put("provider", row.provider());
            node.put("model", row.model());
            totals(node, row.totals());
        }
        totals(root.putObject("total"), report.total());
        return root;
    }

    private static ObjectNode batchJson(BatchUsage batch) {
        ObjectNode root = JSON.createObjectNode();
        root.put("tenant", batch.tenantId());
        root.put("batchId", batch.batchId());
        ArrayNode rows = root.putArray("rows");
        for (BatchUsage.Row row : batch.rows()) {
            ObjectNode node = rows.addObject();
            node.put("provider", row.provider());
            node.put("model", row.model());
            totals(node, row.totals());
        }
        totals(root.putObject("total"), batch.total());
        return root;
    }

    private static ObjectNode spendJson(SpendSnapshot spend) {
        ObjectNode root = JSON.createObjectNode();
        root.put("tenant", spend.tenantId());
        root.put("period", spend.period());
        root.put("spentMicros", spend.spentMicros());
        root.put("spentUsd", Dollars.of(spend.spentMicros()));
        if (spend.budgetMicros() == null) {
            root.putNull("budgetMicros");
            root.putNull("budgetUsd");
        } else {
            root.put("budgetMicros", spend.budgetMicros());
            root.put("budgetUsd", Dollars.of(spend.budgetMicros()));
        }
        return root;
    }

    private static void totals(ObjectNode node, UsageTotals totals) {
        node.put("calls", totals.calls());
        node.put("failures", totals.failures());
        node.put("inputTokens", totals.inputTokens());
        node.put("outputTokens", totals.outputTokens());
        node.put("costMicros", totals.costMicros());
        node.put("costUsd", Dollars.of(totals.costMicros()));
        node.put("priceMismatches", totals.priceMismatches());
        node.put("providerBatchCalls", totals.providerBatchCalls());
        node.put("providerBatchCostMicros", totals.providerBatchCostMicros());
        node.put("providerBatchCostUsd", Dollars.of(totals.providerBatchCostMicros()));
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (params.putIfAbsent(name, value) != null) {
                throw new BadParameter(name, "Parameter '" + name + "' is given more than once");
            }
        }
        return params;
    }

    private static LedgerHttpResponse error(int status, String parameter, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        if (parameter != null) {
            body.put("parameter", parameter);
        }
        return json(status, body);
    }

    private static LedgerHttpResponse json(int status, ObjectNode body) {
        return new LedgerHttpResponse(status, "application/json", body.toString(), Map.of());
    }

    private static final class BadParameter extends RuntimeException {
        private final String parameter;

        BadParameter(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }
    }
}
