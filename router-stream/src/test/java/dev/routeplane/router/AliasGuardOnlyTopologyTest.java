package dev.routeplane.router;

import org.apache.kafka.streams.Topology;

/**
 * The same guarantees on the guard-only topology ({@link LearnerTopology#guardOnly}) that routers without learned
 * routing run: every test of {@link AliasGuardTopologyTest}, on that topology.
 */
class AliasGuardOnlyTopologyTest extends AliasGuardTopologyTest {

    @Override
    Topology topology(LearnerTopologyConfig cfg) {
        return LearnerTopology.guardOnly(cfg);
    }
}
