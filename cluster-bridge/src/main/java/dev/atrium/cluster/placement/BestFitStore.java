package dev.atrium.cluster.placement;

import static org.jooq.impl.DSL.inline;

import static dev.atrium.db.jooq.Tables.TASK;

import static dev.atrium.db.jooq.Tables.NODE;

import dev.atrium.cluster.pool.Labels;
import dev.atrium.cluster.pool.NodeState;
import dev.atrium.cluster.pool.Resources;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Record3;
import org.jooq.Select;
import org.jooq.SelectLimitStep;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * Best fit in PostgreSQL: what each node has free, and allocations taken and given back with
 * conditional UPDATEs, so that a node is never over-committed by placement however many place at once.
 */
@Repository
class BestFitStore {

  private final DSLContext db;

  BestFitStore(DSLContext db) {
    this.db = db;
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
    return allocateOnBestIdle(pool, labels, need, cpuDominant, DSL.noCondition(), null);
  }

  /**
   * Allocates {@code need} away from the live tasks of {@code workload} if any node allows: on a node
   * with another value of the label {@code spreadBy} (if given), else on a node without one of them,
   * else on the node with the fewest.
   */
  Optional<String> allocateSpread(String pool, Map<String, String> labels, Resources need, boolean cpuDominant, UUID workload, String spreadBy) {
    Optional<String> node = Optional.empty();
    if (spreadBy != null) {
      node = allocateOnBestIdle(pool, labels, need, cpuDominant, awayFrom(workload, spreadBy), null);
    }
    if (node.isEmpty()) {
      node = allocateOnBestIdle(pool, labels, need, cpuDominant, awayFrom(workload, null), null);
    }
    return node.or(() -> allocateOnBestIdle(pool, labels, need, cpuDominant, DSL.noCondition(), instancesOn(workload)));
  }

  /** The same, with the nodes where {@code preferred} (if not null) is lowest first. */
  private Optional<String> allocateOnBestIdle(
      String pool, Map<String, String> labels, Resources need, boolean cpuDominant, Condition only, Field<?> preferred) {
    Field<Long> leftover = cpuDominant ? NODE.FREE_CPU_MILLIS : NODE.FREE_MEMORY_MIB;
    if (need.gpus() > 0) {
      return allocateOnBestIdle(need, bestIdle(pool, labels, need, NODE.GPUS.gt(0L).and(only), preferred, NODE.FREE_GPUS, leftover));
    }
    return allocateOnBestIdle(need, bestIdle(pool, labels, need, NODE.GPUS.eq(0L).and(only), preferred, leftover, NODE.ID))
        .or(() -> allocateOnBestIdle(need, bestIdle(pool, labels, need, NODE.GPUS.gt(0L).and(only), preferred, NODE.GPUS, leftover)));
  }

  /**
   * How many live tasks of {@code workload} a node holds: to prefer the least loaded once every
   * node has one. Counted per candidate node, so only asked when spreading cannot avoid sharing.
   */
  private Field<Integer> instancesOn(UUID workload) {
    return DSL.field(
        DSL.selectCount().from(TASK).where(TASK.WORKLOAD_ID.eq(workload)).and(TASK.NODE_ID.eq(NODE.ID)).and(TASK.STATE.in(inline("PENDING"), inline("STAGING"), inline("RUNNING"))));
  }

  /**
   * Nodes that hold no live task of {@code workload}; with {@code label}, nodes whose value of that
   * label none of its live tasks' nodes has (a node without the label counts as one value).
   */
  private Condition awayFrom(UUID workload, String label) {
    var live = TASK.STATE.in(inline("PENDING"), inline("STAGING"), inline("RUNNING")); // a task that holds, or is about to hold, its node
    if (label == null) {
      return NODE.ID.notIn(DSL.select(TASK.NODE_ID).from(TASK).where(TASK.WORKLOAD_ID.eq(workload)).and(TASK.NODE_ID.isNotNull()).and(live));
    }
    Field<String> value = DSL.coalesce(DSL.field("{0} ->> {1}", String.class, NODE.LABELS, DSL.val(label)), DSL.inline(""));
    var held = NODE.as("held");
    Field<String> heldValue = DSL.coalesce(DSL.field("{0} ->> {1}", String.class, held.LABELS, DSL.val(label)), DSL.inline(""));
    return value.notIn(
        DSL.select(heldValue).from(TASK).join(held).on(held.ID.eq(TASK.NODE_ID)).where(TASK.WORKLOAD_ID.eq(workload)).and(live));
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
      String pool, Map<String, String> labels, Resources need, Condition nodes, Field<?> preferred, Field<?> first, Field<?> then) {
    return db.select(NODE.ID)
        .from(NODE)
        .where(NODE.POOL.eq(pool))
        .and(NODE.STATE.eq(inline(NodeState.READY.name())))
        .and(NODE.PRESENT.isTrue())
        .and(nodes)
        .and(carries(labels))
        .and(NODE.FREE_CPU_MILLIS.ge(need.cpuMillis()))
        .and(NODE.FREE_MEMORY_MIB.ge(need.memoryMiB()))
        .and(NODE.FREE_GPUS.ge(need.gpus()))
        .orderBy(order(preferred, first, then))
        .limit(1)
        .forUpdate()
        .skipLocked();
  }

  /** {@code preferred} (if any), {@code first}, {@code then}, and the node's id to break ties, each once. */
  private static List<Field<?>> order(Field<?> preferred, Field<?> first, Field<?> then) {
    java.util.LinkedHashSet<Field<?>> order = new java.util.LinkedHashSet<>();
    if (preferred != null) {
      order.add(preferred);
    }
    order.add(first);
    order.add(then);
    order.add(NODE.ID);
    return List.copyOf(order);
  }

  /** READY nodes of the pool with these labels and room for {@code need}, best fit first. */
  private SelectLimitStep<Record1<String>> fitting(
      String pool, Map<String, String> labels, Resources need, boolean cpuDominant) {
    var leftover =
        cpuDominant
            ? NODE.FREE_CPU_MILLIS.minus(need.cpuMillis())
            : NODE.FREE_MEMORY_MIB.minus(need.memoryMiB());
    return db.select(NODE.ID)
        .from(NODE)
        .where(NODE.POOL.eq(pool))
        .and(NODE.STATE.eq(inline(NodeState.READY.name())))
        .and(NODE.PRESENT.isTrue())
        .and(carries(labels))
        .and(NODE.FREE_CPU_MILLIS.ge(need.cpuMillis()))
        .and(NODE.FREE_MEMORY_MIB.ge(need.memoryMiB()))
        .and(NODE.FREE_GPUS.ge(need.gpus()))
        .orderBy(need.gpus() == 0 ? NODE.GPUS.asc() : NODE.FREE_GPUS.asc(), leftover.asc(), NODE.ID);
  }

  void free(String nodeId, Resources held) {
    db.update(NODE)
        .set(NODE.ALLOC_CPU_MILLIS, NODE.ALLOC_CPU_MILLIS.minus(held.cpuMillis()))
        .set(NODE.ALLOC_MEMORY_MIB, NODE.ALLOC_MEMORY_MIB.minus(held.memoryMiB()))
        .set(NODE.ALLOC_GPUS, NODE.ALLOC_GPUS.minus(held.gpus()))
        .where(NODE.ID.eq(nodeId))
        .execute();
  }

  /**
   * The most free of each resource on any READY node of the pool with these labels; capacity booked
   * by reservations counts as taken.
   */
  Resources largestFree(String pool, Map<String, String> labels) {
    Record3<Long, Long, Long> r =
        db.select(
                DSL.max(DSL.greatest(NODE.FREE_CPU_MILLIS, DSL.inline(0L))),
                DSL.max(DSL.greatest(NODE.FREE_MEMORY_MIB, DSL.inline(0L))),
                DSL.max(DSL.greatest(NODE.FREE_GPUS, DSL.inline(0L))))
            .from(NODE)
            .where(NODE.POOL.eq(pool))
            .and(NODE.STATE.eq(inline(NodeState.READY.name())))
        .and(NODE.PRESENT.isTrue())
            .and(carries(labels))
            .fetchOne();
    return r == null || r.value1() == null
        ? Resources.NONE
        : new Resources(r.value1(), r.value2(), r.value3());
  }

  /** Nodes whose labels include every one of {@code labels}. */
  private static Condition carries(Map<String, String> labels) {
    return labels.isEmpty() ? DSL.noCondition() : DSL.condition("{0} @> {1}::jsonb", NODE.LABELS, DSL.val(Labels.write(labels)));
  }

}
