package dev.routeplane.router.internal;

import dev.routeplane.config.Tenant;
import dev.routeplane.contract.TenantSpend;
import dev.routeplane.router.BudgetLedger;
import dev.routeplane.router.RouterTopology;
import dev.routeplane.schemas.UndecodableRecordException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Takes the ledger's published spend of a tenant's current period into its budget state. */
public final class TenantSpendProcessor implements Processor<String, byte[], Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(TenantSpendProcessor.class);

  private final RouterRuntime rt;
  private ProcessorContext<Void, Void> context;
  private BudgetLedger ledger;

  public TenantSpendProcessor(RouterRuntime runtime) {
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
    TenantSpend spend;
    try {
      spend = rt.tenantSpend.decode(md == null ? rt.topics.tenantSpend().name() : md.topic(),
          md == null ? -1 : md.partition(), md == null ? -1 : md.offset(), record.value());
    } catch (UndecodableRecordException e) {
      if (e.kind().retriable()) {
        throw e;
      }
      LOG.warn("Skipping undecodable tenant spend at {}-{}@{}: {}", e.topic(), e.partition(), e.offset(), e.kind());
      return;
    }
    if (spend == null) {
      return;
    }
    Tenant tenant = rt.config.tenants().get(spend.getTenantId());
    if (tenant != null) {
      ledger.applyLedgerSpend(tenant.id(), tenant.budget(), spend.getPeriod(), spend.getSpentMicros(),
          rt.clock.instant());
    }
  }
}
