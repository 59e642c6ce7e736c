package dev.atrium.tenancy.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.tenancy.TenancyTestBase;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.audit.AuditLog;
import dev.atrium.tenancy.audit.AuditQuery;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.quota.Quota;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

class TenantServiceTest extends TenancyTestBase {

  private static final Quota SMALL = new Quota(1000, 1024, 0, 5);

  @Autowired AuditLog audit;

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of(new NewTenant("Initech", "Initech", SMALL), "slug"),
        Arguments.of(new NewTenant("i", "Initech", SMALL), "slug"),
        Arguments.of(new NewTenant("initech_", "Initech", SMALL), "slug"),
        Arguments.of(new NewTenant("x".repeat(32), "Initech", SMALL), "slug"),
        Arguments.of(new NewTenant("initech", "", SMALL), "displayName"),
        Arguments.of(new NewTenant("initech", "   ", SMALL), "displayName"),
        Arguments.of(new NewTenant("initech", "x".repeat(10_000), SMALL), "displayName"),
        Arguments.of(new NewTenant("initech", "Ini\u202Etech", SMALL), "displayName"),
        Arguments.of(new NewTenant("initech", "Ini\u200Btech", SMALL), "displayName"),
        Arguments.of(new NewTenant("initech", "Ini\u0000tech", SMALL), "displayName"),
        Arguments.of(new NewTenant("initech", "Initech", null), "quota"),
        Arguments.of(new NewTenant("initech", "Initech", new Quota(-1, 1024, 0, 5)), "quota.cpuMillis"),
        Arguments.of(new NewTenant("initech", "Initech", new Quota(1000, 1_000_000_001L, 0, 5)), "quota.memoryMiB"),
        Arguments.of(new NewTenant("initech", "Initech", new Quota(1000, 1024, -2, 5)), "quota.gpus"),
        Arguments.of(new NewTenant("initech", "Initech", new Quota(1000, 1024, 0, Long.MAX_VALUE)), "quota.workloads"));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void badInputNamesTheFieldAndWritesNothing(NewTenant request, String field) {
    long auditBefore = auditCount();

    assertThatThrownBy(() -> tenants.create(ADA, request))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.errors()).extracting(ValidationException.FieldError::field).contains(field));

    assertThatThrownBy(() -> tenants.get(ADA, "initech")).isInstanceOf(NotFoundException.class);
    assertThat(auditCount()).isEqualTo(auditBefore);
  }

  @Test
  void aDuplicateSlugIsAConflictAndChangesNothing() {
    long auditBefore = auditCount();
    assertThatThrownBy(() -> tenants.create(ADA, new NewTenant("acme", "Another Acme", SMALL)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("acme already exists");
    assertThat(tenants.get(ADA, "acme").tenant().displayName()).isEqualTo("Acme Corporation");
    assertThat(auditCount()).isEqualTo(auditBefore);
  }

  @Test
  void onlyPlatformAdminsCreateOrChangeTenants() {
    assertThatThrownBy(() -> tenants.create(ALICE, new NewTenant("alices", "Alice's", SMALL)))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> tenants.update(ALICE, "acme", new TenantChange(null, TenantState.SUSPENDED)))
        .isInstanceOf(ForbiddenException.class);
    assertThat(tenants.get(ALICE, "acme").tenant().state()).isEqualTo(TenantState.ACTIVE);
  }

  @Test
  void suspendAndResumeAreAuditedWithBeforeAndAfter() throws Exception {
    String slug = newTenant("frank");

    tenants.update(ADA, slug, new TenantChange(null, TenantState.SUSPENDED));
    tenants.update(ADA, slug, new TenantChange("Renamed", TenantState.ACTIVE));

    var events = audit.query(ADA, new AuditQuery(slug, null, null, null), PageRequest.first(10)).items();
    assertThat(events).extracting(e -> e.action()).containsExactly("tenant.resume", "tenant.suspend", "member.add", "tenant.create");
    assertThat(json(events.get(1).before())).isEqualTo(json("{\"displayName\":\"Test " + slug + "\",\"state\":\"ACTIVE\"}"));
    assertThat(json(events.get(1).after())).isEqualTo(json("{\"displayName\":\"Test " + slug + "\",\"state\":\"SUSPENDED\"}"));
    assertThat(json(events.get(0).after())).isEqualTo(json("{\"displayName\":\"Renamed\",\"state\":\"ACTIVE\"}"));
    assertThat(events).allSatisfy(e -> assertThat(e.actor()).isEqualTo("ada"));
  }

  @Test
  void membersListTheirOwnTenantsAndAdminsPageThroughAll() {
    assertThat(tenants.list(ALICE, PageRequest.first(50)).items()).extracting(d -> d.tenant().slug()).containsExactly("acme");
    assertThat(tenants.list(DAVE, PageRequest.first(50)).items()).isEmpty();

    Page<TenantDetails> first = tenants.list(ADA, PageRequest.first(1));
    assertThat(first.items()).extracting(d -> d.tenant().slug()).containsExactly("acme");
    Page<TenantDetails> second = tenants.list(ADA, PageRequest.of(first.nextCursor(), 1));
    assertThat(second.items()).extracting(d -> d.tenant().slug()).doesNotContain("acme").hasSize(1);
  }

  @Test
  void anotherTenantIsNotFoundRatherThanForbidden() {
    assertThatThrownBy(() -> tenants.get(BOB, "acme")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> tenants.get(ALICE, "globex")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> tenants.get(ALICE, "no-such-tenant")).isInstanceOf(NotFoundException.class);
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
  }

  private long auditCount() {
    return audit.query(ADA, dev.atrium.tenancy.audit.AuditQuery.ALL, PageRequest.first(1)).items().stream()
        .mapToLong(e -> e.id())
        .findFirst()
        .orElse(0);
  }
}
