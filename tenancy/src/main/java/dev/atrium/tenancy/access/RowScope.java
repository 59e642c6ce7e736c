package dev.atrium.tenancy.access;

import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * For other modules: says for whom the current transaction acts, which PostgreSQL's row-level
 * security then enforces on every tenant table (see {@link ScopeStore}).
 */
@Service
public class RowScope {

  private final ScopeStore store;

  RowScope(ScopeStore store) {
    this.store = store;
  }

  /** Only this tenant's rows. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void tenant(UUID tenantId) {
    store.tenant(tenantId);
  }

  /** Every tenant's rows, for platform admins, billing and Atrium's own work; logged. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void platform(Actor actor, String why) {
    store.platform(actor, why);
  }

  /** Whether the database enforces row-level security for the role Atrium connects as. */
  public boolean enforced() {
    return store.rowSecurityEnforced();
  }
}
