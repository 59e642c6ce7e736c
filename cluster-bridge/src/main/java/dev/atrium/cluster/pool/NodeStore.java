package dev.atrium.cluster.pool;

import static org.jooq.impl.DSL.inline;

import static dev.atrium.db.jooq.Tables.NODE;
import static dev.atrium.db.jooq.Tables.POOL;

import dev.atrium.cluster.driver.NodeSpec;
import dev.atrium.db.jooq.tables.records.NodeRecord;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Pools and nodes in PostgreSQL: what the drivers offer, as the fleet's read side sees it. */
@Repository
public class NodeStore {

  private final DSLContext db;

  NodeStore(DSLContext db) {
    this.db = db;
  }

  /**
   * Brings the pool's nodes in line with what its driver offers now: new nodes are added READY;
   * capacity and labels follow the driver; a node missing from the answer since {@code goneIfMissingSince}
   * or earlier is gone (not present: what ran there is lost, nothing is placed there), and a node
   * offered again is present again in the state it had. Rows are written only where something changed,
   * one by one in id order, so that the inventory neither holds nodes placement wants nor deadlocks
   * with anyone freeing them. Returns the ids of the nodes that went or came back.
   */
  List<String> register(String pool, String driver, List<NodeSpec> offered, OffsetDateTime now, OffsetDateTime goneIfMissingSince) {
    registerPool(pool, driver);
    Map<String, NodeRecord> known = new HashMap<>();
    db.selectFrom(NODE).where(NODE.POOL.eq(pool)).fetch().forEach(r -> known.put(r.getName(), r));
    Map<String, NodeSpec> offeredByName = new HashMap<>();
    offered.forEach(n -> offeredByName.put(n.name(), n));
    TreeSet<String> names = new TreeSet<>(known.keySet());
    names.addAll(offeredByName.keySet());
    List<String> changed = new ArrayList<>();
    int added = 0;
    for (String name : names) { // in id order, as everyone who changes node rows
      NodeRecord was = known.get(name);
      NodeSpec offer = offeredByName.get(name);
      if (was == null) {
        added++;
        db.insertInto(NODE)
            .set(NODE.ID, pool + "/" + name)
            .set(NODE.POOL, pool)
            .set(NODE.NAME, name)
            .set(NODE.CPU_MILLIS, offer.cpuMillis())
            .set(NODE.MEMORY_MIB, offer.memoryMiB())
            .set(NODE.GPUS, offer.gpus())
            .set(NODE.LABELS, JSONB.valueOf(Labels.write(offer.labels())))
            .onConflictDoNothing()
            .execute();
      } else if (offer != null) {
        if (differs(was, offer) || !was.getPresent() || was.getMissingSince() != null) {
          db.update(NODE)
              .set(NODE.CPU_MILLIS, offer.cpuMillis())
              .set(NODE.MEMORY_MIB, offer.memoryMiB())
              .set(NODE.GPUS, offer.gpus())
              .set(NODE.LABELS, JSONB.valueOf(Labels.write(offer.labels())))
              .set(NODE.PRESENT, true)
              .set(NODE.MISSING_SINCE, (OffsetDateTime) null)
              .where(NODE.ID.eq(was.getId()))
              .execute();
          if (!was.getPresent()) {
            changed.add(was.getId());
          }
        }
      } else if (was.getPresent()) {
        OffsetDateTime since = was.getMissingSince() == null ? now : was.getMissingSince();
        boolean gone = !since.isAfter(goneIfMissingSince);
        db.update(NODE).set(NODE.MISSING_SINCE, since).set(NODE.PRESENT, !gone).where(NODE.ID.eq(was.getId())).execute();
        if (gone) {
          changed.add(was.getId());
        }
      }
    }
    if (added > known.size()) {
      // A pool that grew (or appeared) a lot: placement's plans follow the table's statistics, and
      // autovacuum would refresh them only within its next minute.
      db.execute("analyze node");
    }
    return changed;
  }

  private static boolean differs(NodeRecord was, NodeSpec now) {
    return was.getCpuMillis() != now.cpuMillis()
        || was.getMemoryMib() != now.memoryMiB()
        || was.getGpus() != now.gpus()
        || !Labels.read(was.getLabels().data()).equals(now.labels());
  }

  void registerPool(String pool, String driver) {
    db.insertInto(POOL)
        .set(POOL.NAME, pool)
        .set(POOL.DRIVER, driver)
        .onConflict(POOL.NAME)
        .doUpdate()
        .set(POOL.DRIVER, driver)
        .where(POOL.DRIVER.ne(driver))
        .execute();
  }

  Optional<Node> lock(String nodeId) {
    return db.selectFrom(NODE).where(NODE.ID.eq(nodeId)).forUpdate().fetchOptional(NodeStore::toNode);
  }

  void setState(String nodeId, NodeState state, String reason) {
    db.update(NODE).set(NODE.STATE, state.name()).set(NODE.STATE_REASON, reason).where(NODE.ID.eq(nodeId)).execute();
  }

  public List<Node> nodes(String pool) {
    return db.selectFrom(NODE)
        .where(pool == null ? DSL.noCondition() : NODE.POOL.eq(pool))
        .orderBy(NODE.POOL, NODE.NAME)
        .fetch(NodeStore::toNode);
  }

  /** This installation's identity (see migration V3). */
  String installation() {
    return db.fetchValue(DSL.field("(select id::text from installation limit 1)", String.class));
  }

  public boolean poolExists(String pool) {
    return db.fetchExists(POOL, POOL.NAME.eq(pool));
  }

  /** The capacity of every READY node still in its engine added up, for dominant shares across the fleet. */
  Resources totalCapacity() {
    var r =
        db.select(DSL.sum(NODE.CPU_MILLIS), DSL.sum(NODE.MEMORY_MIB), DSL.sum(NODE.GPUS))
            .from(NODE)
            .where(NODE.STATE.eq(inline(NodeState.READY.name())))
            .and(NODE.PRESENT.isTrue())
            .fetchOne();
    return r == null || r.value1() == null
        ? Resources.NONE
        : new Resources(r.value1().longValue(), r.value2().longValue(), r.value3().longValue());
  }

  private static Node toNode(NodeRecord r) {
    return new Node(
        r.getId(),
        r.getPool(),
        r.getName(),
        new Resources(r.getCpuMillis(), r.getMemoryMib(), r.getGpus()),
        new Resources(r.getAllocCpuMillis(), r.getAllocMemoryMib(), r.getAllocGpus()),
        new Resources(r.getBookedCpuMillis(), r.getBookedMemoryMib(), r.getBookedGpus()),
        Labels.read(r.getLabels().data()),
        NodeState.valueOf(r.getState()),
        r.getStateReason(),
        r.getPresent());
  }


}
