package dev.routeplane.router;

import static dev.routeplane.router.testing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.DataClass;
import dev.routeplane.config.DataClassRule;
import dev.routeplane.config.PolicyTag;
import dev.routeplane.config.Provider;
import dev.routeplane.config.QualityTier;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Sovereignty;
import dev.routeplane.config.Tenant;
import dev.routeplane.contract.CircuitState;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.Fallback;
import dev.routeplane.contract.ProviderHealth;
import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.executors.internal.PolicyCheck;
import dev.routeplane.router.testing.Requests;
import dev.routeplane.router.testing.RouterDriver;
import dev.routeplane.router.testing.TestConfigs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * For random requests, tenant policies and provider health, no request is ever routed (primary, fallback, cascade
 * stage or shadow call) to a provider its policy excludes, and the executor's re-check ({@link PolicyCheck}, run on the
 * routed task before every call) admits exactly the providers the policy admits: the two call sites of the one policy
 * function agree. The check below re-derives the policy from config primitives ({@link Tenant#allowsProvider},
 * {@link PolicyTag#admits}, {@link DataClassRule#admits}; a data class must pass the rules of every less sensitive
 * class too), not from the router or the executor.
 */
class PolicyNeverViolatedPropertyTest {
    static final int TENANTS = 48;
    static final List<String> REGIONS = List.of("us-east", "eu-west", "cn-east", "local");
    static final CircuitState[] STATES = CircuitState.values();
    static RouterDriver router;
    static PolicyCheck executorPolicy;
    static List<String> providerIds;
    static int requestSeq;

    @BeforeContainer
    static void start() {
        // Every extraction request is also shadowed on a US model that may train on data: shadows must obey policy too.
        RouteplaneConfig base = TestConfigs.withExploration(ShadowTrafficTest.withShadow(1.0), 0.2);
        providerIds = List.copyOf(base.providers().keySet());
        Random random = new Random(20261103);
        Tenant[] tenants = new Tenant[TENANTS];
        for (int i = 0; i < TENANTS; i++) {
            tenants[i] = randomTenant("p" + i, random);
        }
        router = new RouterDriver(TestConfigs.withTenants(base, tenants));
        executorPolicy = new PolicyCheck(router.config);
    }

    @AfterContainer
    static void stop() {
        router.close();
    }

    @Property(tries = 400)
    void noRequestIsRoutedToAProviderItsPolicyExcludes(
            @ForAll("tenantIndex") int tenant,
            @ForAll("tags") List<String> tags,
            @ForAll("dataClass") String dataClass,
            @ForAll("taskType") String taskType,
            @ForAll("promptBytes") int promptBytes,
            @ForAll("health") List<CircuitState> health) {
        Map<String, CircuitState> states = new HashMap<>();
        for (int i = 0; i < providerIds.size(); i++) {
            states.put(providerIds.get(i), health.get(i));
            router.health(ProviderHealth.newBuilder()
                    .setProvider(providerIds.get(i))
                    .setKeyProfile(null)
                    .setCircuitState(health.get(i))
                    .setErrorRate(0)
                    .setLatencyP50Ms(1)
                    .setLatencyP95Ms(1)
                    .setInFlight(0)
                    .setReportedAt(Instant.parse("2026-11-03T09:00:00Z"))
                    .build());
        }
        RouteRequest.Builder req =
                request("p" + tenant, "q-" + requestSeq++, taskType, Requests.promptOfBytes(promptBytes));
        req.getHints().setTags(new ArrayList<>(tags));
        req.getHints().setDataClass(dataClass.isEmpty() ? null : dataClass);
        router.send(req.build());

        List<RoutingDecision> decisions =
                router.decisions().stream().map(kv -> kv.value).toList();
        List<RejectedRequest> rejections =
                router.rejections().stream().map(kv -> kv.value).toList();
        assertThat(decisions.size() + rejections.size()).isEqualTo(1);
        router.results(); // drain
        Statistics.label("outcome")
                .collect(decisions.isEmpty() ? rejections.get(0).getReasonCode() : "ROUTED");
        // the property is only meaningful if most requests are actually routed
        Statistics.label("outcome").coverage(c -> c.check("ROUTED").percentage(p -> p > 40));
        for (RoutingDecision d : decisions) {
            Tenant t = router.config.tenants().get(d.getTenantId());
            DataClass routed = DataClass.valueOf(d.getPolicy().getDataClass());
            if (!dataClass.isEmpty()) {
                DataClass asked = DataClass.valueOf(dataClass.toUpperCase(Locale.ROOT));
                routed = asked.compareTo(routed) > 0 ? asked : routed;
            }
            // A more sensitive class inherits the rules of every less sensitive one.
            Set<DataClass> classes = EnumSet.range(DataClass.values()[0], routed);
            Set<PolicyTag> policyTags = EnumSet.noneOf(PolicyTag.class);
            policyTags.addAll(t.defaultTags());
            for (String tag : tags) {
                for (PolicyTag p : PolicyTag.values()) {
                    if (p.configName().equals(tag)) {
                        policyTags.add(p);
                    }
                }
            }
            List<String> used = new ArrayList<>();
            used.add(d.getRoute().getProvider());
            d.getFallbacks().stream().map(Fallback::getProvider).forEach(used::add);
            if (d.getCascade() != null) {
                d.getCascade().getStages().forEach(r -> used.add(r.getProvider()));
                used.add(d.getCascade().getEscalation().getProvider());
            }
            ExecutionTask task = null;
            for (String provider : providerIds) {
                for (var kv : router.tasks(provider)) {
                    if (kv.value.getShadowOf() != null) {
                        assertThat(kv.value.getShadowOf()).isEqualTo(d.getRequestId());
                        used.add(kv.value.getDecision().getRoute().getProvider());
                        Statistics.label("shadowed").collect(true);
                    } else {
                        task = kv.value;
                    }
                }
            }
            for (String id : used) {
                assertThat(admits(t, policyTags, classes, id))
                        .as("policy of %s admits %s", t.id(), id)
                        .isTrue();
                assertThat(states.get(id)).as("circuit of %s", id).isNotEqualTo(CircuitState.OPEN);
            }
            if (task != null) {
                // The executor's re-check, on the task as routed, for every provider a fallback could name.
                for (String id : providerIds) {
                    assertThat(executorPolicy.refusal(task, id).isEmpty())
                            .as("executor re-check of %s for %s (data class %s, tags %s)", id, t.id(), routed, tags)
                            .isEqualTo(admits(t, policyTags, classes, id));
                }
            }
        }
    }

    private static boolean admits(Tenant t, Set<PolicyTag> tags, Set<DataClass> classes, String providerId) {
        Provider p = router.config.providers().get(providerId);
        if (!t.allowsProvider(p)) {
            return false;
        }
        for (PolicyTag tag : tags) {
            if (!tag.admits(p)) {
                return false;
            }
        }
        for (DataClass dc : classes) {
            if (t.ruleFor(dc).map(rule -> !rule.admits(p)).orElse(false)) {
                return false;
            }
        }
        return true;
    }

    @Provide
    Arbitrary<Integer> tenantIndex() {
        return Arbitraries.integers().between(0, TENANTS - 1);
    }

    @Provide
    Arbitrary<List<String>> tags() {
        return Arbitraries.of("no_training_on_data", "eu_data_residency", "pii", "confidential", "misc")
                .list()
                .ofMaxSize(3)
                .uniqueElements();
    }

    @Provide
    Arbitrary<String> dataClass() {
        return Arbitraries.of("", "public", "internal", "confidential", "regulated");
    }

    @Provide
    Arbitrary<String> taskType() {
        return Arbitraries.of("summarize", "code", "extract", "translate", "reasoning", "chat", "long-context");
    }

    @Provide
    Arbitrary<Integer> promptBytes() {
        return Arbitraries.integers().between(40, 40_000);
    }

    @Provide
    Arbitrary<List<CircuitState>> health() {
        return Arbitraries.of(CircuitState.CLOSED, CircuitState.CLOSED, CircuitState.HALF_OPEN, CircuitState.OPEN)
                .list()
                .ofSize(6);
    }

    private static Tenant randomTenant(String id, Random r) {
        Map<DataClass, DataClassRule> rules = new HashMap<>();
        for (DataClass dc : new DataClass[] {DataClass.INTERNAL, DataClass.CONFIDENTIAL, DataClass.REGULATED}) {
            if (r.nextBoolean()) {
                rules.put(
                        dc,
                        new DataClassRule(
                                subset(List.of(Sovereignty.values()), r),
                                r.nextBoolean(),
                                r.nextInt(3) == 0 ? subset(providerIds, r) : Set.of()));
            }
        }
        Set<PolicyTag> tags = EnumSet.noneOf(PolicyTag.class);
        for (PolicyTag t : PolicyTag.values()) {
            if (r.nextInt(3) == 0) {
                tags.add(t);
            }
        }
        return TestConfigs.tenant(
                id,
                1_000_000_000_000L,
                r.nextInt(3) == 0 ? subset(providerIds, r) : Set.of(),
                r.nextInt(3) == 0 ? subset(REGIONS, r) : Set.of(),
                rules,
                tags,
                QualityTier.values()[r.nextInt(3)]);
    }

    private static <T> Set<T> subset(List<T> all, Random r) {
        Set<T> out = new LinkedHashSet<>();
        for (T t : all) {
            if (r.nextBoolean()) {
                out.add(t);
            }
        }
        return out;
    }
}
