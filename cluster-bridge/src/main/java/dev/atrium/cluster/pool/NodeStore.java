package dev.atrium.cluster.pool;

import static dev.atrium.db.jooq.Tables.NODE;
import static dev.atrium.db.jooq.Tables.POOL;

import dev.atrium.cluster.driver.NodeSpec;
import dev.atrium.db.jooq.tables.records.NodeRecord;
import java.util.List;
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
   * Records the pool and the nodes its driver offers now: capacity and labels follow the driver,
   * allocation is kept; a node that had left the engine and is back is READY again. Nodes the driver
   * no longer offers are DOWN; their ids are returned.
   */
  List<String> register(String pool, String driver, List<NodeSpec> nodes) {
    registerPool(pool, driver);
    var batch =
        nodes.stream()
            .map(
                n ->
                    db.insertInto(NODE)
                        .set(NODE.ID, pool + "/" + n.name())
                        .set(NODE.POOL, pool)
                        .set(NODE.NAME, n.name())
                        .set(NODE.CPU_MILLIS, n.cpuMillis())
                        .set(NODE.MEMORY_MIB, n.memoryMiB())
                        .set(NODE.GPUS, n.gpus())
                        .set(NODE.LABELS, JSONB.valueOf(Labels.write(n.labels())))
                        .onConflict(NODE.ID)
                        .doUpdate()
                        .set(NODE.CPU_MILLIS, n.cpuMillis())
                        .set(NODE.MEMORY_MIB, n.memoryMiB())
                        .set(NODE.GPUS, n.gpus())
                        .set(NODE.LABELS, JSONB.valueOf(Labels.write(n.labels())))
                        .set(NODE.PRESENT, true)
                        .set(NODE.STATE, DSL.when(NODE.PRESENT.isFalse(), NodeState.READY.name()).otherwise(NODE.STATE))
                        .set(NODE.STATE_REASON, DSL.when(NODE.PRESENT.isFalse(), DSL.inline((String) null)).otherwise(NODE.STATE_REASON)))
            .toList();
    if (!batch.isEmpty()) {
      db.batch(batch).execute();
    }
    return db.update(NODE)
        .set(NODE.PRESENT, false)
        .set(NODE.STATE, NodeState.DOWN.name())
        .set(NODE.STATE_REASON, "gone from the pool's engine")
        .where(NODE.POOL.eq(pool))
        .and(NODE.PRESENT.isTrue())
        .and(NODE.NAME.notIn(nodes.stream().map(NodeSpec::name).toList()))
        .returning(NODE.ID)
        .fetch(NODE.ID);
  }

  void registerPool(String pool, String driver) {
    db.insertInto(POOL).set(POOL.NAME, pool).set(POOL.DRIVER, driver).onConflict(POOL.NAME).doUpdate().set(POOL.DRIVER, driver).execute();
  }

  Optional<Node> lock(String nodeId) {
    return db.selectFrom(NODE).where(NODE.ID.eq(nodeId)).forUpdate().fetchOptional(NodeStore::toNode);
  }

  void setState(String nodeId, NodeState state, String reason) {
    db.update(NODE).set(NODE.STATE, state.name()).set(NODE.STATE_REASON, reason).where(NODE.ID.eq(nodeId)).execute();
  }

  /** The ids of the nodes in {@code state}. */
  List<String> inState(NodeState state) {
    return db.select(NODE.ID).from(NODE).where(NODE.STATE.eq(state.name())).fetch(NODE.ID);
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

  /** The READY capacity of every pool added up, for dominant shares across the fleet. */
  Resources totalCapacity() {
    var r =
        db.select(DSL.sum(NODE.CPU_MILLIS), DSL.sum(NODE.MEMORY_MIB), DSL.sum(NODE.GPUS))
            .from(NODE)
            .where(NODE.STATE.eq(NodeState.READY.name()))
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
        Labels.read(r.getLabels().data()),
        NodeState.valueOf(r.getState()),
        r.getStateReason(),
        r.getPresent());
  }


}
