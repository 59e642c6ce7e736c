package dev.atrium.portal.api.member;

import dev.atrium.portal.api.idempotency.Idempotency;
import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.member.Member;
import dev.atrium.tenancy.member.MembershipService;
import dev.atrium.tenancy.member.NewMember;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.http.HttpStatus;
import io.swagger.v3.oas.annotations.media.Schema;

@RestController
@RequestMapping("/api/v1/tenants/{slug}/members")
@Tag(name = "Members", description = "A tenant's members and their roles")
class MembersController {

  @Schema(example = "{\"subject\":\"0a7d1d1e-0000-4000-8000-0000000ca401\",\"username\":\"carol\",\"email\":\"carol@acme.test\",\"role\":\"tenant-member\",\"addedAt\":\"2026-11-02T10:15:00Z\"}")
  record MemberJson(String subject, String username, String email, String role, Instant addedAt) {
    static MemberJson of(Member m) {
      return new MemberJson(m.subject(), m.username(), m.email(), m.role().wireName(), m.addedAt());
    }
  }

  @Schema(example = "{\"username\":\"carol\",\"role\":\"tenant-member\"}")
  record AddMember(String username, String email, String role) {}

  @Schema(example = "{\"role\":\"tenant-admin\"}")
  record ChangeRole(String role) {}

  private final MembershipService members;
  private final Idempotency idempotency;

  MembersController(MembershipService members, Idempotency idempotency) {
    this.members = members;
    this.idempotency = idempotency;
  }

  @GetMapping
  @Operation(summary = "The tenant's members and their roles (members of the tenant)")
  Page<MemberJson> list(
      Authentication auth,
      @PathVariable String slug,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit) {
    return members.list(Caller.of(auth).actor(), slug, PageRequest.of(cursor, limit)).map(MemberJson::of);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED) // documents it; the answer sets it with its Location
  @Operation(summary = "Add a member by username or email (tenant-admins, platform admins)")
  ResponseEntity<?> add(
      Authentication auth,
      @PathVariable String slug,
      @RequestHeader(name = Idempotency.HEADER, required = false) String key,
      @RequestBody AddMember body) {
    Caller caller = Caller.of(auth);
    return idempotency.run(
        caller,
        key,
        "POST /api/v1/tenants/" + slug + "/members",
        body,
        () -> {
          Member added = members.add(caller.actor(), slug, new NewMember(body.username(), body.email(), body.role()));
          return ResponseEntity.created(URI.create("/api/v1/tenants/" + slug + "/members/" + added.name()))
              .body(MemberJson.of(added));
        });
  }

  @PatchMapping("/{name}")
  @Operation(summary = "Change a member's role (tenant-admins, platform admins)")
  MemberJson changeRole(Authentication auth, @PathVariable String slug, @PathVariable String name, @RequestBody ChangeRole body) {
    return MemberJson.of(members.changeRole(Caller.of(auth).actor(), slug, name, body.role()));
  }

  @DeleteMapping("/{name}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Remove a member, named by username or email (tenant-admins, platform admins)")
  ResponseEntity<Void> remove(Authentication auth, @PathVariable String slug, @PathVariable String name) {
    members.remove(Caller.of(auth).actor(), slug, name);
    return ResponseEntity.noContent().build();
  }
}
