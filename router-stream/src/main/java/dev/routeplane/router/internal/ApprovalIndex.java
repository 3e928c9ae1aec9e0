package dev.routeplane.router.internal;

import dev.routeplane.contract.Approval;
import dev.routeplane.contract.ToolApproval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The trusted approvals of the requests of the tenants this router task owns, from {@code rp.approvals.v1}: per
 * request, every tool approved and by whom. Approvals are kept for {@code retention} after they were given (the
 * topic's retention), then purged. Single-threaded: the task's own store.
 */
final class ApprovalIndex {
    /** Most approvals purged per punctuation, so a purge never stalls routing for long. */
    static final int MAX_PURGE = 10_000;

    private final KeyValueStore<String, List<ToolApproval>> store;
    private final long retentionMillis;

    ApprovalIndex(KeyValueStore<String, List<ToolApproval>> store, long retentionMillis) {
        this.store = store;
        this.retentionMillis = retentionMillis;
    }

    private static String key(String tenantId, String requestId) {
        return tenantId + '\u0000' + requestId;
    }

    /** The approvals of one request still within the retention at {@code now}, in the order given; may be empty. */
    List<ToolApproval> approvals(String tenantId, String requestId, Instant now) {
        List<ToolApproval> all = store.get(key(tenantId, requestId));
        if (all == null) {
            return List.of();
        }
        List<ToolApproval> live = new ArrayList<>(all.size());
        for (ToolApproval a : all) {
            if (a.getApprovedAt().toEpochMilli() > now.toEpochMilli() - retentionMillis) {
                live.add(a);
            }
        }
        return live;
    }

    /** Adds an approval's tools to its request's; a tool approved again keeps its first approval. */
    void record(Approval approval) {
        String key = key(approval.getTenantId(), approval.getRequestId());
        List<ToolApproval> known = store.get(key);
        List<ToolApproval> merged = known == null ? new ArrayList<>() : new ArrayList<>(known);
        for (String tool : approval.getTools()) {
            if (merged.stream().noneMatch(a -> a.getTool().equals(tool))) {
                merged.add(new ToolApproval(tool, approval.getApprovedBy(), approval.getApprovedAt()));
            }
        }
        store.put(key, merged);
    }

    /** Forgets requests whose every approval is older than the retention at {@code now}. */
    int purge(Instant now) {
        long oldest = now.toEpochMilli() - retentionMillis;
        List<String> expired = new ArrayList<>();
        // Collected first and deleted after the iterator is closed: store iterators need not tolerate writes.
        try (KeyValueIterator<String, List<ToolApproval>> it = store.all()) {
            while (it.hasNext() && expired.size() < MAX_PURGE) {
                KeyValue<String, List<ToolApproval>> entry = it.next();
                if (entry.value.stream().allMatch(a -> a.getApprovedAt().toEpochMilli() <= oldest)) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(store::delete);
        return expired.size();
    }
}
