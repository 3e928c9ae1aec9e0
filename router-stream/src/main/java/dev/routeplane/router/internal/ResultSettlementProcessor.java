package dev.routeplane.router.internal;

import dev.routeplane.config.Tenant;
import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.router.BudgetLedger;
import dev.routeplane.router.RouterTopology;
import dev.routeplane.schemas.UndecodableRecordException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Releases a request's reservation and counts its actual cost when its terminal result arrives. */
public final class ResultSettlementProcessor implements Processor<String, byte[], Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(ResultSettlementProcessor.class);

  private final RouterRuntime rt;
  private ProcessorContext<Void, Void> context;
  private BudgetLedger ledger;

  public ResultSettlementProcessor(RouterRuntime runtime) {
    this.rt = runtime;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.ledger = new BudgetLedger(new KeyValueBudgetStore(context.getStateStore(RouterTopology.BUDGET_STORE),
        context.getStateStore(RouterTopology.RESERVATION_STORE)));
  }

  @Override
  public void process(Record<String, byte[]> record) {
    RecordMetadata md = context.recordMetadata().orElse(null);
    ExecutionResult result;
    try {
      result = rt.results.decode(md == null ? rt.topics.results().name() : md.topic(),
          md == null ? -1 : md.partition(), md == null ? -1 : md.offset(), record.value());
    } catch (UndecodableRecordException e) {
      if (e.kind().retriable()) {
        throw e;
      }
      LOG.warn("Skipping undecodable result at {}-{}@{}: {}", e.topic(), e.partition(), e.offset(), e.kind());
      return;
    }
    if (result == null) {
      return;
    }
    Tenant tenant = rt.config.tenants().get(result.getTenantId());
    if (tenant == null) {
      return; // a result of a tenant removed from the config: it has no budget here any more
    }
    ledger.settle(tenant.id(), result.getRequestId(), tenant.budget(), result.getCostMicros(), rt.clock.instant());
  }
}
