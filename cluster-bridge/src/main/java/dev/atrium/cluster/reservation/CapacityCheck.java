package dev.atrium.cluster.reservation;

import dev.atrium.cluster.pool.Resources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * "Would this fit, and when?": the pool's room over time, read the way bookings read it (every slot
 * and the work on the nodes), for the dry run of a workload and the availability of a reservation.
 * It reads and locks nothing: the answer is what is true now.
 */
@Service
public class CapacityCheck {

  /**
   * {@code nodes}: a node per instance that fits, in instance order (fewer than asked when not all
   * fit); {@code earliestStart}: when all would fit if they do not now, or null (not within a year).
   */
  public record Fit(List<String> nodes, Instant earliestStart) {}

  /** The pool's free room from {@code at} until the next step: what no task holds and no reservation keeps. */
  public record Room(Instant at, Resources free, Resources capacity) {}

  /** Work that backfills is given this much longer than it asks for, for starting. */
  static final Duration START_SLACK = Duration.ofMinutes(1);

  private final ReservationStore store;
  private final Clock clock;

  CapacityCheck(ReservationStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Whether {@code instances} of {@code each} fit in the pool from {@code start} for {@code length}
   * ({@code null}: until stopped, like a service), and if not, from when they would.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Fit fit(String pool, Map<String, String> labels, Resources each, int instances, Instant start, Duration length) {
    List<NodeRoom> rooms = store.rooms(pool, labels, clock.instant(), null);
    List<String> nodes = NodeRoom.assignUpTo(rooms, each, instances, start, end(start, length));
    Instant earliest = nodes.size() == instances ? null : earliest(rooms, each, instances, start, length);
    return new Fit(nodes, earliest);
  }

  /**
   * Up to {@code max} starts from {@code from} at which the instances fit in the pool for {@code
   * length}, ending by {@code to}, and {@code alsoFits} says yes (the tenant's quota). Tried: {@code
   * from}, each instant something kept on a node ends, and {@code alsoTry}.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<Instant> starts(
      String pool, Map<String, String> labels, Resources each, int instances, Instant from, Instant to, Duration length,
      Collection<Instant> alsoTry, Predicate<Instant> alsoFits, int max) {
    List<NodeRoom> rooms = store.rooms(pool, labels, clock.instant(), null);
    TreeSet<Instant> candidates = candidates(rooms, from);
    alsoTry.stream().filter(t -> t.isAfter(from)).forEach(candidates::add);
    List<Instant> starts = new ArrayList<>();
    for (Instant start : candidates) {
      if (starts.size() == max || start.plus(length).isAfter(to)) {
        break;
      }
      if (NodeRoom.assignUpTo(rooms, each, instances, start, start.plus(length)).size() == instances && alsoFits.test(start)) {
        starts.add(start);
      }
    }
    return starts;
  }

  /**
   * The pool's free room over {@code [from, to)}, a step at {@code from} and wherever a slot starts or
   * ends: work on the nodes is counted as running on, as bookings count it.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<Room> roomOverTime(String pool, Instant from, Instant to) {
    List<NodeRoom> rooms = store.rooms(pool, Map.of(), clock.instant(), null);
    TreeSet<Instant> steps = new TreeSet<>();
    steps.add(from);
    for (NodeRoom room : rooms) {
      for (Booked slot : room.slots()) {
        Stream.of(slot.start(), slot.end()).filter(t -> t.isAfter(from) && t.isBefore(to)).forEach(steps::add);
      }
    }
    Resources capacity = rooms.stream().map(NodeRoom::capacity).reduce(Resources.NONE, Resources::plus);
    List<Room> over = new ArrayList<>();
    for (Instant at : steps) {
      Resources free = Resources.NONE;
      for (NodeRoom room : rooms) {
        free = free.plus(room.leftAt(at));
      }
      over.add(new Room(at, free, capacity));
    }
    return over;
  }

  /**
   * Backfill: a node on which {@code need} fits from now for {@code runsFor} though capacity there is
   * booked for later, allocated to it; empty if none. For work known to end before the booked
   * capacity is needed (a JOB with a duration): everything else counts booked capacity as taken. The
   * node is locked and checked again before it is allocated, so a booking made meanwhile is counted.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<String> backfill(String pool, Map<String, String> labels, Resources need, Duration runsFor) {
    Instant now = clock.instant();
    Instant until = now.plus(runsFor).plus(START_SLACK);
    List<NodeRoom> rooms = new ArrayList<>(store.rooms(pool, labels, now, null));
    for (int attempt = 0; attempt < 3 && !rooms.isEmpty(); attempt++) {
      List<String> best = NodeRoom.assignUpTo(rooms, need, 1, now, until);
      if (best.isEmpty()) {
        return Optional.empty();
      }
      String node = best.get(0);
      Optional<NodeRoom> locked = store.lockRoomIfFree(node, now);
      if (locked.isPresent() && need.fitsIn(locked.get().leftFor(now, until))) {
        store.allocate(node, need);
        return Optional.of(node);
      }
      rooms.removeIf(r -> r.nodeId().equals(node));
    }
    return Optional.empty();
  }

  /**
   * Why {@code need} waits when it is booked capacity that stops it: a node would have room but for
   * a reservation from some instant on; empty when it is not that.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<String> bookedReason(String pool, Map<String, String> labels, Resources need) {
    Instant now = clock.instant();
    Instant from = null;
    for (NodeRoom room : store.rooms(pool, labels, now, null)) {
      if (!room.slots().isEmpty() && need.fitsIn(room.capacity().minus(room.allocated())) && !need.fitsIn(room.leftFor(now, Instant.MAX))) {
        Instant first = room.slots().stream().map(Booked::start).min(Instant::compareTo).orElseThrow();
        from = from == null || first.isBefore(from) ? first : from;
      }
    }
    return Optional.ofNullable(from)
        .map(at -> "the room on pool " + pool + "'s nodes that fit is booked by a reservation from " + (at.isAfter(now) ? at : now));
  }

  static Instant earliest(List<NodeRoom> rooms, Resources each, int instances, Instant after, Duration length) {
    Instant horizon = after.plus(ReservationService.MAX_AHEAD);
    for (Instant start : candidates(rooms, after)) {
      if (start.isAfter(horizon)) {
        return null;
      }
      if (NodeRoom.assignUpTo(rooms, each, instances, start, end(start, length)).size() == instances) {
        return start;
      }
    }
    return null;
  }

  /** {@code from}, then every instant after it at which a slot on a node ends: room only grows then. */
  private static TreeSet<Instant> candidates(List<NodeRoom> rooms, Instant from) {
    TreeSet<Instant> starts = new TreeSet<>();
    starts.add(from);
    for (NodeRoom room : rooms) {
      room.slots().stream().map(Booked::end).filter(e -> e.isAfter(from)).forEach(starts::add);
    }
    return starts;
  }

  private static Instant end(Instant start, Duration length) {
    return length == null ? Instant.MAX : start.plus(length);
  }
}
