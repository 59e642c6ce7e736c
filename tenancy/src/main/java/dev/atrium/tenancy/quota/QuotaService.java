package dev.atrium.tenancy.quota;

import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Service
public class QuotaService {

  private final QuotaStore store;

  QuotaService(QuotaStore store) {
    this.store = store;
  }

  /** Gives a new tenant its first limits, with nothing held yet. Part of the tenant's creation. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void initialise(UUID tenantId, Quota quota) {
    store.insert(tenantId, quota);
  }

  @Transactional(readOnly = true)
  public QuotaUsage of(UUID tenantId) {
    return store.find(tenantId).orElse(new QuotaUsage(Quota.NONE, Quota.NONE));
  }
}
