package dev.atrium.cluster.pool;

import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.RowScope;
import dev.atrium.tenancy.access.Validator;
import dev.atrium.tenancy.audit.AuditLog;
import java.util.Arrays;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Platform admins take nodes out of service and back: DRAINING (cordon and drain: nothing new is
 * placed there, services move elsewhere, jobs run out), DOWN (what runs there is lost, services are
 * replaced elsewhere) and READY. Every change is audited; the reconciler carries it out.
 */
@Service
public class NodeService {

  private final NodeStore nodes;
  private final AuditLog audit;
  private final RowScope scope;
  private final ApplicationEventPublisher events;

  NodeService(NodeStore nodes, AuditLog audit, RowScope scope, ApplicationEventPublisher events) {
    this.nodes = nodes;
    this.audit = audit;
    this.scope = scope;
    this.events = events;
  }

  /** {@code state} as the request names it; an unknown one is a validation error naming the field. */
  @Transactional
  public Node changeState(Actor actor, String pool, String name, String state) {
    if (!actor.platformAdmin()) {
      throw new ForbiddenException("Only a platform admin can change a node's state.");
    }
    NodeState wanted = parse(state);
    scope.platform(actor, "change a node's state");
    String id = pool + "/" + name;
    Node before = nodes.lock(id).orElseThrow(() -> new NotFoundException("No node " + id + "."));
    if (wanted == NodeState.READY && !before.present()) {
      throw new ConflictException("Node " + id + " has left its pool's engine; it is READY again once the engine offers it.");
    }
    if (wanted != before.state()) {
      String reason = switch (wanted) {
        case READY -> null;
        case DRAINING -> "drained by " + actor.name();
        case DOWN -> "marked down by " + actor.name();
      };
      nodes.setState(id, wanted, reason);
      audit.record(actor, null, "node.state", id, Map.of("state", before.state().name()), Map.of("state", wanted.name()));
      events.publishEvent(new NodeChanged(id, wanted));
    }
    return nodes.lock(id).orElseThrow();
  }

  private static NodeState parse(String state) {
    boolean known = state != null && Arrays.stream(NodeState.values()).anyMatch(s -> s.name().equals(state));
    new Validator().require(known, "state", "must be READY, DRAINING or DOWN").throwIfInvalid();
    return NodeState.valueOf(state);
  }
}
