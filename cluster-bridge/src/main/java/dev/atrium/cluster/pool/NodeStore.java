package dev.atrium.cluster.pool;

import static dev.atrium.db.jooq.Tables.NODE;
import static dev.atrium.db.jooq.Tables.POOL;

import dev.atrium.cluster.driver.NodeSpec;
import dev.atrium.db.jooq.tables.records.NodeRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record1;
import org.jooq.Record3;
import org.jooq.Select;
import org.jooq.SelectLimitStep;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Pools and nodes in PostgreSQL. Allocation changes are conditional UPDATEs: a node is never over-committed. */
@Repository
public class NodeStore {

  private final DSLContext db;

  NodeStore(DSLContext db) {
    this.db = db;
  }

  /** Records the pool and its nodes; capacity and labels follow the driver, allocation is kept. */
  void register(String pool, String driver, List<NodeSpec> nodes) {
    db.insertInto(POOL).set(POOL.NAME, pool).set(POOL.DRIVER, driver).onConflict(POOL.NAME).doUpdate().set(POOL.DRIVER, driver).execute();
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
                        .set(NODE.LABELS, JSONB.valueOf(Labels.write(n.labels()))))
            .toList();
    db.batch(batch).execute();
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

  /**
   * Up to {@code limit} READY nodes of the pool that carry {@code labels} and have room for {@code
   * need}: best fit first, i.e. the least room left on the request's dominant resource afterwards
   * (for GPU tasks: the fewest free GPUs that suffice); GPU nodes last for tasks that need no GPU, to
   * keep them for those that do.
   */
  List<String> candidates(String pool, Map<String, String> labels, Resources need, boolean cpuDominant, int limit) {
    return fitting(pool, labels, need, cpuDominant).limit(limit).fetch(NODE.ID);
  }

  /**
   * Allocates {@code need} on the best-fitting node that no other transaction is changing right now; empty
   * when every fitting node is busy (or none fits). Concurrent admissions spread over the best nodes
   * instead of queueing for the single best one. Each step is a range scan of a best-fit index
   * (migration V5): tasks without GPUs go to nodes without GPUs first, GPU tasks to the node with the
   * fewest GPUs left that still fit.
   */
  Optional<String> allocateOnBestIdle(String pool, Map<String, String> labels, Resources need, boolean cpuDominant) {
    Field<Long> leftover = cpuDominant ? NODE.FREE_CPU_MILLIS : NODE.FREE_MEMORY_MIB;
    if (need.gpus() > 0) {
      return allocateOnBestIdle(need, bestIdle(pool, labels, need, NODE.GPUS.gt(0L), NODE.FREE_GPUS, leftover));
    }
    return allocateOnBestIdle(need, bestIdle(pool, labels, need, NODE.GPUS.eq(0L), leftover, NODE.ID))
        .or(() -> allocateOnBestIdle(need, bestIdle(pool, labels, need, NODE.GPUS.gt(0L), NODE.GPUS, leftover)));
  }

  /** Takes {@code need} from the node {@code best} selects (and locks), in one statement. */
  private Optional<String> allocateOnBestIdle(Resources need, Select<Record1<String>> best) {
    return db.update(NODE)
        .set(NODE.ALLOC_CPU_MILLIS, NODE.ALLOC_CPU_MILLIS.plus(need.cpuMillis()))
        .set(NODE.ALLOC_MEMORY_MIB, NODE.ALLOC_MEMORY_MIB.plus(need.memoryMiB()))
        .set(NODE.ALLOC_GPUS, NODE.ALLOC_GPUS.plus(need.gpus()))
        .where(NODE.ID.eq(best.asField()))
        .and(NODE.FREE_CPU_MILLIS.ge(need.cpuMillis()))
        .and(NODE.FREE_MEMORY_MIB.ge(need.memoryMiB()))
        .and(NODE.FREE_GPUS.ge(need.gpus()))
        .returning(NODE.ID)
        .fetchOptional(NODE.ID);
  }

  private Select<Record1<String>> bestIdle(
      String pool, Map<String, String> labels, Resources need, Condition nodes, Field<?> first, Field<?> then) {
    return db.select(NODE.ID)
        .from(NODE)
        .where(NODE.POOL.eq(pool))
        .and(NODE.STATE.eq(NodeState.READY.name()))
        .and(nodes)
        .and(carries(labels))
        .and(NODE.FREE_CPU_MILLIS.ge(need.cpuMillis()))
        .and(NODE.FREE_MEMORY_MIB.ge(need.memoryMiB()))
        .and(NODE.FREE_GPUS.ge(need.gpus()))
        .orderBy(first, then, NODE.ID)
        .limit(1)
        .forUpdate()
        .skipLocked();
  }

  /** READY nodes of the pool with these labels and room for {@code need}, best fit first. */
  private SelectLimitStep<Record1<String>> fitting(
      String pool, Map<String, String> labels, Resources need, boolean cpuDominant) {
    var leftover =
        cpuDominant
            ? NODE.CPU_MILLIS.minus(NODE.ALLOC_CPU_MILLIS).minus(need.cpuMillis())
            : NODE.MEMORY_MIB.minus(NODE.ALLOC_MEMORY_MIB).minus(need.memoryMiB());
    return db.select(NODE.ID)
        .from(NODE)
        .where(NODE.POOL.eq(pool))
        .and(NODE.STATE.eq(NodeState.READY.name()))
        .and(carries(labels))
        .and(NODE.CPU_MILLIS.minus(NODE.ALLOC_CPU_MILLIS).ge(need.cpuMillis()))
        .and(NODE.MEMORY_MIB.minus(NODE.ALLOC_MEMORY_MIB).ge(need.memoryMiB()))
        .and(NODE.GPUS.minus(NODE.ALLOC_GPUS).ge(need.gpus()))
        .orderBy(need.gpus() == 0 ? NODE.GPUS.asc() : NODE.GPUS.minus(NODE.ALLOC_GPUS).asc(), leftover.asc(), NODE.ID);
  }

  void free(String nodeId, Resources held) {
    db.update(NODE)
        .set(NODE.ALLOC_CPU_MILLIS, NODE.ALLOC_CPU_MILLIS.minus(held.cpuMillis()))
        .set(NODE.ALLOC_MEMORY_MIB, NODE.ALLOC_MEMORY_MIB.minus(held.memoryMiB()))
        .set(NODE.ALLOC_GPUS, NODE.ALLOC_GPUS.minus(held.gpus()))
        .where(NODE.ID.eq(nodeId))
        .execute();
  }

  /** The most free of each resource on any READY node of the pool with these labels. */
  Resources largestFree(String pool, Map<String, String> labels) {
    Record3<Long, Long, Long> r =
        db.select(
                DSL.max(NODE.CPU_MILLIS.minus(NODE.ALLOC_CPU_MILLIS)),
                DSL.max(NODE.MEMORY_MIB.minus(NODE.ALLOC_MEMORY_MIB)),
                DSL.max(NODE.GPUS.minus(NODE.ALLOC_GPUS)))
            .from(NODE)
            .where(NODE.POOL.eq(pool))
            .and(NODE.STATE.eq(NodeState.READY.name()))
            .and(carries(labels))
            .fetchOne();
    return r == null || r.value1() == null
        ? Resources.NONE
        : new Resources(r.value1(), r.value2(), r.value3());
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

  /** Nodes whose labels include every one of {@code labels}. */
  private static org.jooq.Condition carries(Map<String, String> labels) {
    return labels.isEmpty() ? DSL.noCondition() : DSL.condition("{0} @> {1}::jsonb", NODE.LABELS, DSL.val(Labels.write(labels)));
  }

  private static Node toNode(NodeRecord r) {
    return new Node(
        r.getId(),
        r.getPool(),
        r.getName(),
        new Resources(r.getCpuMillis(), r.getMemoryMib(), r.getGpus()),
        new Resources(r.getAllocCpuMillis(), r.getAllocMemoryMib(), r.getAllocGpus()),
        Labels.read(r.getLabels().data()),
        NodeState.valueOf(r.getState()));
  }


}
