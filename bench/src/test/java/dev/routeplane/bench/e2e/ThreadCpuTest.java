package dev.routeplane.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void threadsOfOneKindShareAGroupWhateverTheirNumbersAndIds() {
        assertThat(ThreadCpu.group("executor-openai-1-lane-17"))
                .isEqualTo(ThreadCpu.group("executor-openai-2-lane-3"))
                .isEqualTo("executor-openai-N-lane-N");
        assertThat(ThreadCpu.group("routeplane-router-6f1c2a9e-0b3d-4c5e-8f7a-1b2c3d4e5f60-StreamThread-1"))
                .isEqualTo("routeplane-router-<id>-StreamThread-N");
    }

    @Test
    void aClientsNetworkThreadKeepsItsClientId() {
        assertThat(ThreadCpu.group("kafka-producer-network-thread | bench-e2e"))
                .isEqualTo("kafka-producer-network-thread | bench-e2e")
                .isNotEqualTo(ThreadCpu.group("kafka-producer-network-thread | ledger"));
    }

    @Test
    void anIntervalCountsTheCpuABusyThreadUsed() throws Exception {
        ThreadCpu cpu = ThreadCpu.start();
        org.junit.jupiter.api.Assumptions.assumeTrue(cpu != null, "thread CPU time not measurable in this JVM");
        AtomicBoolean stop = new AtomicBoolean();
        Thread spinner = new Thread(
                () -> {
                    long x = 0;
                    while (!stop.get()) {
                        x += System.nanoTime() % 7;
                    }
                    if (x == 42) {
                        System.out.println(x);
                    }
                },
                "spinner-for-test-1");
        spinner.start();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        await().atMost(Duration.ofSeconds(10)).until(() -> mx.getThreadCpuTime(spinner.getId()) >= 50_000_000L);
        ThreadCpu.Usage used = cpu.end();
        stop.set(true);
        spinner.join();
        assertThat(used.groups())
                .filteredOn(g -> g.name().equals("spinner-for-test-N"))
                .singleElement()
                .satisfies(g -> assertThat(g.cpuNs()).isGreaterThan(20_000_000L));
        assertThat(used.processCpuNs()).isGreaterThan(20_000_000L);
        assertThat(used.describe(100))
                .first()
                .asString()
                .contains("cores (process;")
                .contains("per completed request");
        assertThat(used.describe(0)).first().asString().doesNotContain("per completed request");
        assertThat(used.describe(0)).last().asString().contains("the rest");
    }
}
