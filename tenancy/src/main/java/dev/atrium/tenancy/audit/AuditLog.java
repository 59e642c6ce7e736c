package dev.atrium.tenancy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.atrium.tenancy.tenant.Tenant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only record of every change: who, which tenant, what, and the state before and after.
 * An event is written in the transaction of the change it records, so neither exists without the
 * other.
 */
@Service
public class AuditLog {

  /** Its own mapper: the audit format must not change with the web API's JSON settings. */
  private static final ObjectMapper json =
      JsonMapper.builder().findAndAddModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

  private final AuditStore store;

  AuditLog(AuditStore store) {
    this.store = store;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void record(String actor, Tenant tenant, String action, String target, Object before, Object after) {
    store.insert(
        actor,
        tenant == null ? null : tenant.id(),
        tenant == null ? null : tenant.slug(),
        action,
        target,
        toJson(before),
        toJson(after));
  }

  @Transactional(readOnly = true)
  public boolean contains(String action) {
    return store.existsWithAction(action);
  }

  private String toJson(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write audit state as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
