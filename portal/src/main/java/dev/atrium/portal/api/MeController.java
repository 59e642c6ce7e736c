package dev.atrium.portal.api;

import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.member.MembershipService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /api/v1/me}: who the token belongs to, their platform roles and their tenants. */
@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me", description = "The caller")
class MeController {

  record TenantRef(String slug, String role) {}

  @Schema(example = "{\"subject\":\"0a7d1d1e-0000-4000-8000-00000000a11c\",\"username\":\"alice\",\"email\":\"alice@acme.test\",\"platformRoles\":[],\"tenants\":[{\"slug\":\"acme\",\"role\":\"tenant-admin\"}]}")
  record Me(String subject, String username, String email, Set<String> platformRoles, List<TenantRef> tenants) {}

  private final MembershipService memberships;

  MeController(MembershipService memberships) {
    this.memberships = memberships;
  }

  @GetMapping
  @Operation(summary = "Who the caller is: subject, username, platform roles and tenants with their roles")
  Me me(Authentication authentication) {
    Caller caller = Caller.of(authentication);
    List<TenantRef> tenants =
        memberships.tenantsOf(caller.identity()).stream()
            .map(m -> new TenantRef(m.tenant().slug(), m.role().wireName()))
            .toList();
    return new Me(
        caller.identity().subject(),
        caller.identity().username(),
        caller.identity().email(),
        caller.platformRoles(),
        tenants);
  }
}
