package dev.atrium.cluster.pool;

import dev.atrium.cluster.driver.DriverException;
import dev.atrium.cluster.driver.TenantQuotaMirror;
import dev.atrium.tenancy.quota.QuotaChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Hands each committed quota change to the drivers that mirror quotas into their engines. */
@Component
class QuotaMirroring {

  private static final Logger log = LoggerFactory.getLogger(QuotaMirroring.class);

  private final Drivers drivers;

  QuotaMirroring(Drivers drivers) {
    this.drivers = drivers;
  }

  @TransactionalEventListener(fallbackExecution = true)
  void mirror(QuotaChanged change) {
    drivers.all().forEach((pool, driver) -> {
      if (driver instanceof TenantQuotaMirror mirror && driver.unavailableReason().isEmpty()) {
        try {
          var q = change.quota();
          mirror.mirrorQuota(change.tenantId(), change.slug(), q.cpuMillis(), q.memoryMiB(), q.gpus(), q.workloads());
        } catch (DriverException e) {
          log.warn("Pool {} could not mirror the quota of {}: {}", pool, change.slug(), e.getMessage());
        }
      }
    });
  }
}
