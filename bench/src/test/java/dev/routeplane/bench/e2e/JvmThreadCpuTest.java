package dev.routeplane.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class JvmThreadCpuTest {
    @Test
    void aStatLineGivesItsThreadsGroupAndUserPlusSystemTime() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "4242 (C2 CompilerThre) S 1 1 1 0 -1 4194368 9 0 0 0 6972 236 0 0 20 0 30 0 100 0 0";

        JvmThreadCpu.Reading r = JvmThreadCpu.parse(stat);

        assertThat(r.group()).isEqualTo(JvmThreadCpu.COMPILER);
        assertThat(r.cpuNs()).isEqualTo((6972L + 236L) * 10_000_000L);
    }

    @Test
    void aNameWithSpacesAndParenthesesIsReadToItsLastParenthesis() {
        String stat = "17 (GC Thread#0 (x)) R 1 1 1 0 -1 0 0 0 0 0 5 7 0 0 20 0 1 0 100 0 0";

        assertThat(JvmThreadCpu.parse(stat))
                .isEqualTo(new JvmThreadCpu.Reading(JvmThreadCpu.COLLECTOR, 12 * 10_000_000L));
    }

    @Test
    void javaThreadsAreLeftToTheThreadMxBean() {
        assertThat(JvmThreadCpu.parse("99 (kafka-producer-) S 1 1 1 0 -1 0 0 0 0 0 50 5 0 0 20 0 1 0 1 0 0"))
                .isNull();
        assertThat(JvmThreadCpu.group("G1 Conc#0")).isEqualTo(JvmThreadCpu.COLLECTOR);
        assertThat(JvmThreadCpu.group("VM Thread")).isEqualTo(JvmThreadCpu.VM);
        assertThat(JvmThreadCpu.group("rocksdb:low")).isEqualTo(JvmThreadCpu.ROCKSDB);
        assertThat(JvmThreadCpu.group("main")).isNull();
    }

    @Test
    void anIntervalIsTheDifferenceOfTheSameThreadsReadings() {
        Map<Long, JvmThreadCpu.Reading> start = Map.of(
                1L, new JvmThreadCpu.Reading(JvmThreadCpu.COMPILER, 100),
                2L, new JvmThreadCpu.Reading(JvmThreadCpu.COMPILER, 50));
        Map<Long, JvmThreadCpu.Reading> end = Map.of(
                1L, new JvmThreadCpu.Reading(JvmThreadCpu.COMPILER, 130),
                2L, new JvmThreadCpu.Reading(JvmThreadCpu.COMPILER, 60),
                3L, new JvmThreadCpu.Reading(JvmThreadCpu.COLLECTOR, 7));

        assertThat(JvmThreadCpu.between(start, end))
                .isEqualTo(Map.of(JvmThreadCpu.COMPILER, 40L, JvmThreadCpu.COLLECTOR, 7L));
    }

    @Test
    void thisJvmsCompilerThreadsAreFoundOnLinux() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc: not Linux");

        assertThat(JvmThreadCpu.read().values())
                .extracting(JvmThreadCpu.Reading::group)
                .contains(JvmThreadCpu.COMPILER, JvmThreadCpu.VM);
    }
}
