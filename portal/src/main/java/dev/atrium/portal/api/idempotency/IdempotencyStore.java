package dev.atrium.portal.api.idempotency;

import static dev.atrium.db.jooq.Tables.IDEMPOTENT_REQUEST;

import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

@Repository
class IdempotencyStore {

  record Stored(String fingerprint, int status, String body, String location) {}

  private final DSLContext db;

  IdempotencyStore(DSLContext db) {
    this.db = db;
  }

  /** Serialises requests with the same caller and key until the transaction ends. */
  void lock(String caller, String key) {
    db.select(DSL.function("pg_advisory_xact_lock", Object.class, DSL.function("hashtextextended", Long.class, DSL.val(caller + "\n" + key), DSL.inline(0L))))
        .fetch();
  }

  Optional<Stored> find(String caller, String key) {
    return db.select(IDEMPOTENT_REQUEST.FINGERPRINT, IDEMPOTENT_REQUEST.STATUS, IDEMPOTENT_REQUEST.BODY, IDEMPOTENT_REQUEST.LOCATION)
        .from(IDEMPOTENT_REQUEST)
        .where(IDEMPOTENT_REQUEST.CALLER.eq(caller).and(IDEMPOTENT_REQUEST.IDEMPOTENCY_KEY.eq(key)))
        .fetchOptional(r -> new Stored(r.value1(), r.value2(), r.value3(), r.value4()));
  }

  void insert(String caller, String key, Stored answer) {
    db.insertInto(IDEMPOTENT_REQUEST)
        .set(IDEMPOTENT_REQUEST.CALLER, caller)
        .set(IDEMPOTENT_REQUEST.IDEMPOTENCY_KEY, key)
        .set(IDEMPOTENT_REQUEST.FINGERPRINT, answer.fingerprint())
        .set(IDEMPOTENT_REQUEST.STATUS, answer.status())
        .set(IDEMPOTENT_REQUEST.BODY, answer.body())
        .set(IDEMPOTENT_REQUEST.LOCATION, answer.location())
        .execute();
  }
}
