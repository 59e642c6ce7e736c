package dev.atrium.bench;

import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.member.Identity;
import dev.atrium.tenancy.member.MembershipService;
import dev.atrium.tenancy.member.NewMember;
import dev.atrium.tenancy.quota.Quota;
import dev.atrium.tenancy.tenant.NewTenant;
import dev.atrium.tenancy.tenant.TenantService;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/** Tenants made through the real services, each with an admin who then acts for it. */
final class BenchTenants {

  record Member(String slug, Actor admin) {}

  private BenchTenants() {}

  static List<Member> create(ConfigurableApplicationContext context, int count, Quota quota) {
    TenantService tenants = context.getBean(TenantService.class);
    MembershipService members = context.getBean(MembershipService.class);
    List<Member> made = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String slug = String.format("tenant-%03d", i);
      tenants.create(Actor.SYSTEM, new NewTenant(slug, "Tenant " + i, quota));
      members.add(Actor.SYSTEM, slug, new NewMember("admin-" + slug, null, "tenant-admin"));
      made.add(new Member(slug, new Actor(new Identity("sub-" + slug, "admin-" + slug, null), false, false)));
    }
    return made;
  }

  /**
   * The invariants admission and booking promise, checked in the database: no tenant holds more than
   * its quota, no node is allocated or booked past its capacity, each ledger equals what its tasks
   * hold, no slot runs two tasks. Returns what broke, empty when nothing did.
   */
  static List<String> brokenInvariants(BenchDatabase db) throws SQLException {
    List<String> broken = new ArrayList<>();
    try (Connection c = db.platformConnection(); var s = c.createStatement()) {
      count(s, broken, "tenants hold more than their quota",
          "select count(*) from tenant_quota where used_cpu_millis > cpu_millis or used_memory_mib > memory_mib"
              + " or used_gpus > gpus or used_workloads > workloads");
      count(s, broken, "nodes are allocated past their capacity",
          "select count(*) from node where alloc_cpu_millis > cpu_millis or alloc_memory_mib > memory_mib or alloc_gpus > gpus");
      // What the ledger says is held must be what the live tasks hold.
      count(s, broken, "tenants' quota ledgers disagree with their tasks",
          """
          select count(*) from tenant_quota q
           where q.used_cpu_millis <> coalesce((select sum(cpu_millis) from task t
                                                 where t.tenant_id = q.tenant_id and t.quota_held), 0)
          """);
      // Booked capacity: at no instant do a node's booked slots ask more than it has, and no slot
      // runs two live tasks.
      count(s, broken, "nodes are booked past their capacity at some instant",
          """
          select count(distinct p.node_id)
            from reservation_slot p join reservation pr on pr.id = p.reservation_id and pr.state in ('BOOKED', 'ACTIVE')
            join node n on n.id = p.node_id
            cross join lateral (select sum(x.cpu_millis) as cpu, sum(x.memory_mib) as memory, sum(x.gpus) as gpus
                                  from reservation_slot x join reservation xr on xr.id = x.reservation_id
                                 where xr.state in ('BOOKED', 'ACTIVE') and x.node_id = p.node_id
                                   and x.starts_at <= p.starts_at and x.ends_at > p.starts_at) b
           where b.cpu > n.cpu_millis or b.memory > n.memory_mib or b.gpus > n.gpus
          """);
      count(s, broken, "reservation slots run more than one live task",
          """
          select count(*) from (select reservation_id, slot from task
                                 where reservation_id is not null and slot is not null and state in ('PENDING', 'STAGING', 'RUNNING')
                                 group by reservation_id, slot having count(*) > 1) twice
          """);
    }
    return broken;
  }

  private static void count(java.sql.Statement s, List<String> broken, String what, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      if (r.getLong(1) > 0) {
        broken.add(r.getLong(1) + " " + what);
      }
    }
  }
}
