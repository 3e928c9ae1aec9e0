package dev.routeplane.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.routeplane.cli.chaos.Outcomes.RequestFacts;
import dev.routeplane.config.DataClass;
import dev.routeplane.config.Provider;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Tenant;
import dev.routeplane.config.TenantPolicy;
import dev.routeplane.schemas.Money;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Checks a chaos run against ground truth the pipeline does not control: the simulated providers' invoice and the
 * calls they received (each naming the request it served), and the ledger's own bills, read over its HTTP API. The
 * budget check sums each tenant's invoiced calls against its budget; the policy check applies the one tenant policy
 * ({@link TenantPolicy}) to every received call, with the request's tags and the data class its routing decision gave
 * it. A call that no routed request accounts for is a violation too: nothing may reach a provider unrouted.
 */
final class Reconciliation {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 10;

    /** One invoiced or received call, reduced to what the checks need. */
    record Call(String provider, String callId, String requestId, long costMicros, Instant at) {}

    private final RouteplaneConfig config;
    private final String simulatorUrl;
    private final String ledgerUrl;
    private final YearMonth firstMonth;
    private final Consumer<String> log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Reconciliation(
            RouteplaneConfig config, String simulatorUrl, String ledgerUrl, Instant started, Consumer<String> log) {
        this.config = config;
        this.simulatorUrl = simulatorUrl;
        this.ledgerUrl = ledgerUrl;
        this.firstMonth = YearMonth.from(started.atZone(ZoneOffset.UTC));
        this.log = log;
    }

    long invoiceMicros() throws IOException, InterruptedException {
        return get(simulatorUrl + "/_sim/invoice/total", null)
                .path("totalMicros")
                .asLong();
    }

    /** Every billed call. */
    List<Call> invoiceLines() throws IOException, InterruptedException {
        List<Call> calls = new ArrayList<>();
        for (JsonNode line :
                get(simulatorUrl + "/_sim/invoice?lines=true", null).path("lines")) {
            calls.add(new Call(
                    line.path("provider").asText(),
                    line.path("callId").asText(),
                    textOrNull(line.path("clientRequestId")),
                    line.path("costMicros").asLong(),
                    Instant.parse(line.path("at").asText())));
        }
        return calls;
    }

    /** Every call the providers received, answered or not. */
    List<Call> received() throws IOException, InterruptedException {
        List<Call> calls = new ArrayList<>();
        for (JsonNode call : get(simulatorUrl + "/_sim/received", null).path("received")) {
            calls.add(new Call(
                    call.path("provider").asText(),
                    null,
                    textOrNull(call.path("clientRequestId")),
                    0,
                    Instant.parse(call.path("at").asText())));
        }
        return calls;
    }

    /** What the ledger billed, all tenants, every month since the run started; -1 if it does not answer. */
    long ledgerMicros() throws InterruptedException {
        YearMonth last = YearMonth.now(ZoneOffset.UTC);
        long total = 0;
        for (String tenant : config.tenants().keySet()) {
            for (YearMonth month = firstMonth; !month.isAfter(last); month = month.plusMonths(1)) {
                try {
                    total += get(
                                    ledgerUrl + "/v1/ledger/usage?tenant=" + tenant + "&month=" + month,
                                    "rp-demo-" + tenant)
                            .path("total")
                            .path("costMicros")
                            .asLong();
                } catch (IOException e) {
                    return -1;
                }
            }
        }
        return total;
    }

    /** Invoiced spend above budget, summed over tenants; prints each tenant's spend against its budget. */
    long overshootMicros(List<Call> invoice, Outcomes outcomes) {
        Map<String, Long> spent = new TreeMap<>();
        long unattributed = 0;
        for (Call call : invoice) {
            RequestFacts request = call.requestId() == null ? null : outcomes.request(baseId(call.requestId()));
            if (request == null) {
                unattributed += call.costMicros();
            } else {
                spent.merge(request.tenantId(), call.costMicros(), Long::sum);
            }
        }
        long overshoot = 0;
        for (Map.Entry<String, Long> e : spent.entrySet()) {
            Tenant tenant = config.tenants().get(e.getKey());
            long limit = tenant == null ? 0 : tenant.budget().limitMicros();
            long over = Math.max(0, e.getValue() - limit);
            overshoot += over;
            log.accept("  tenant " + e.getKey() + ": invoiced " + Money.format(e.getValue()) + " of "
                    + Money.format(limit)
                    + (tenant == null ? "" : " per " + tenant.budget().period())
                    + (over > 0 ? "  OVER BY " + Money.format(over) : ""));
        }
        if (unattributed > 0) {
            log.accept("  invoiced calls no submitted request accounts for: " + Money.format(unattributed));
        }
        return overshoot;
    }

    /**
     * Says where the ledger and the invoice part, call by call: invoiced calls without a cost event (billed by the
     * provider, never recorded), cost events without an invoice line, and the ledger's total against its own topic.
     */
    void explainLedger(List<Call> invoice, Map<String, Long> costEvents, long ledgerMicros) {
        long topicTotal =
                costEvents.values().stream().mapToLong(Long::longValue).sum();
        log.accept("ledger: " + Money.format(ledgerMicros) + " billed; " + costEvents.size()
                + " distinct cost events on the topic for " + Money.format(topicTotal) + "; " + invoice.size()
                + " invoiced calls");
        Map<String, Long> invoiced = new TreeMap<>();
        List<String> unrecorded = new ArrayList<>();
        long unrecordedMicros = 0;
        for (Call call : invoice) {
            String eventId = call.provider() + "/" + call.callId();
            invoiced.put(eventId, call.costMicros());
            if (!costEvents.containsKey(eventId)) {
                unrecordedMicros += call.costMicros();
                if (unrecorded.size() < SHOWN) {
                    unrecorded.add(eventId + " for " + call.requestId() + " " + Money.format(call.costMicros()) + " at "
                            + call.at());
                }
            }
        }
        long unbilled = costEvents.keySet().stream()
                .filter(id -> !invoiced.containsKey(id))
                .count();
        if (unrecordedMicros > 0 || unbilled > 0) {
            log.accept("  invoiced without a cost event: " + Money.format(unrecordedMicros) + ", e.g. " + unrecorded);
            log.accept("  cost events the providers did not invoice: " + unbilled);
        }
    }

    /** Received calls that their request's policy excludes, or that no routed request accounts for. */
    long policyViolations(List<Call> received, Outcomes outcomes) {
        long violations = 0;
        List<String> shown = new ArrayList<>();
        for (Call call : received) {
            Optional<String> why = violation(call, outcomes);
            if (why.isPresent()) {
                violations++;
                if (shown.size() < SHOWN) {
                    shown.add(why.get());
                }
            }
        }
        shown.forEach(line -> log.accept("  policy violation: " + line));
        return violations;
    }

    private Optional<String> violation(Call call, Outcomes outcomes) {
        if (call.requestId() == null) {
            return Optional.of("a call to " + call.provider() + " named no request");
        }
        String id = baseId(call.requestId());
        RequestFacts request = outcomes.request(id);
        if (request == null || !outcomes.routed(id)) {
            return Optional.of(
                    "a call to " + call.provider() + " for " + call.requestId() + ", which was never routed");
        }
        Tenant tenant = config.tenants().get(request.tenantId());
        Provider provider = config.providers().get(call.provider());
        if (tenant == null || provider == null) {
            return Optional.of(
                    "a call to " + call.provider() + " for " + id + " of unknown tenant " + request.tenantId());
        }
        DataClass dataClass = DataClass.parse(outcomes.decidedDataClass(id)).orElse(DataClass.PUBLIC);
        return TenantPolicy.refusal(tenant, TenantPolicy.tags(tenant, request.tags()), dataClass, provider)
                .map(refusal -> id + " of " + tenant.id() + " (" + dataClass.configName() + ") reached " + provider.id()
                        + ": " + refusal);
    }

    /** Shadow calls run under {@code <requestId>#shadow}; they belong to the request. */
    static String baseId(String clientRequestId) {
        int hash = clientRequestId.indexOf('#');
        return hash < 0 ? clientRequestId : clientRequestId.substring(0, hash);
    }

    private JsonNode get(String url, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String textOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
