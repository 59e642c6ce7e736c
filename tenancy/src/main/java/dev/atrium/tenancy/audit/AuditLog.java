package dev.atrium.tenancy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.access.ScopeStore;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.access.Validator;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.tenant.Tenant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only record of every change: who, which tenant, what, and the state before and after.
 * An event is written in the transaction of the change it records, so neither exists without the
 * other. Platform admins read it, newest first.
 */
@Service
public class AuditLog {

  /** Its own mapper: the audit format must not change with the web API's JSON settings. */
  private static final ObjectMapper json =
      JsonMapper.builder()
          .findAndAddModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private final AuditStore store;
  private final ScopeStore scope;

  AuditLog(AuditStore store, ScopeStore scope) {
    this.store = store;
    this.scope = scope;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void record(Actor actor, Tenant tenant, String action, String target, Object before, Object after) {
    store.insert(
        actor.name(),
        tenant == null ? null : tenant.id(),
        tenant == null ? null : tenant.slug(),
        action,
        target,
        toJson(before),
        toJson(after));
  }

  /** Whether this database ever recorded {@code action}; Atrium's own bookkeeping. */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean contains(String action) {
    return store.existsWithAction(action);
  }

  @Transactional(readOnly = true)
  public Page<AuditEvent> query(Actor actor, AuditQuery query, PageRequest page) {
    if (!actor.platformAdmin()) {
      throw new ForbiddenException("Only a platform admin can read the audit log.");
    }
    new Validator()
        .time(query.from(), "from")
        .time(query.to(), "to")
        .require(query.from() == null || query.to() == null || query.to().isAfter(query.from()), "to", "must be after from")
        .throwIfInvalid();
    scope.platform(actor, "read audit log");
    Long before;
    try {
      before = page.after() == null ? null : Long.parseLong(page.after());
    } catch (NumberFormatException e) {
      throw ValidationException.of("cursor", "is not a cursor of this list");
    }
    return Page.of(store.find(query, before, page.limit() + 1), page.limit(), e -> Long.toString(e.id()));
  }

  /**
   * Every event {@code query} matches, newest first, as CSV (RFC 4180; before and after as their
   * JSON), read a page at a time in one transaction so the file is one consistent picture.
   */
  @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
  public void writeCsv(Actor actor, AuditQuery query, java.io.Writer out) throws java.io.IOException {
    try (org.apache.commons.csv.CSVPrinter csv =
        org.apache.commons.csv.CSVFormat.RFC4180.builder()
            .setHeader("occurredAt", "actor", "tenant", "action", "target", "before", "after")
            .setRecordSeparator('\n')
            .get()
            .print(out)) {
      PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
      while (true) {
        Page<AuditEvent> events = query(actor, query, page);
        for (AuditEvent e : events.items()) {
          csv.printRecord(e.occurredAt(), cell(e.actor()), cell(e.tenant()), cell(e.action()), cell(e.target()), e.before(), e.after());
        }
        if (events.nextCursor() == null) {
          return;
        }
        page = PageRequest.of(events.nextCursor(), PageRequest.MAX_LIMIT);
      }
    }
  }

  /**
   * A text cell a spreadsheet would not run: one that begins like a formula (=, +, -, @) gets a
   * leading apostrophe. Names and targets come from people, and the export is opened in spreadsheets.
   */
  static String cell(String text) {
    return text != null && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
  }

  private static String toJson(Object value) {
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
