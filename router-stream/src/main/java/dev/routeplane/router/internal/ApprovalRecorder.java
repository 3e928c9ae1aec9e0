package dev.routeplane.router.internal;

import dev.routeplane.contract.Approval;
import dev.routeplane.router.RouterTopology;
import dev.routeplane.schemas.UndecodableRecordException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records trusted approvals from {@code rp.approvals.v1} in the task that routes the tenant's requests (the topic is
 * keyed by tenantId, co-partitioned with the requests), where {@link RouteRequestProcessor} looks them up. An
 * undecodable record, one keyed by another tenant than it names, or one for a tenant not configured is skipped with a
 * warning; a registry outage is rethrown so the task retries.
 */
public final class ApprovalRecorder implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalRecorder.class);

    private final RouterRuntime rt;
    private ProcessorContext<Void, Void> context;
    private ApprovalIndex approvals;

    public ApprovalRecorder(RouterRuntime rt) {
        this.rt = rt;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.approvals = new ApprovalIndex(
                context.getStateStore(RouterTopology.APPROVAL_STORE), RouterRuntime.APPROVAL_RETENTION.toMillis());
        context.schedule(
                RouterRuntime.APPROVAL_PURGE_INTERVAL,
                PunctuationType.WALL_CLOCK_TIME,
                now -> approvals.purge(rt.clock.instant()));
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata()
                .map(RecordMetadata::topic)
                .orElse(rt.topics.approvals().name());
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        Approval approval;
        try {
            approval = rt.approvals.decode(topic, partition, offset, record.value());
        } catch (UndecodableRecordException e) {
            if (e.kind().retriable()) {
                throw e;
            }
            LOG.warn("Skipping undecodable approval at {}-{}@{}: {}", topic, partition, offset, e.kind());
            return;
        }
        if (approval == null) {
            return;
        }
        if (!approval.getTenantId().equals(record.key()) || !rt.config.tenants().containsKey(approval.getTenantId())) {
            LOG.warn(
                    "Skipping approval at {}-{}@{} for tenant {} keyed {}: approvals are keyed by a configured"
                            + " tenant's id",
                    topic,
                    partition,
                    offset,
                    approval.getTenantId(),
                    record.key());
            return;
        }
        approvals.record(approval);
        LOG.info(
                "Approval of {} for request {} of tenant {} by {}",
                approval.getTools(),
                approval.getRequestId(),
                approval.getTenantId(),
                approval.getApprovedBy());
    }
}
