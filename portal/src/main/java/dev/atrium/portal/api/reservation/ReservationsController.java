package dev.atrium.portal.api.reservation;

import dev.atrium.cluster.pool.Node;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.cluster.reservation.NewReservation;
import dev.atrium.cluster.reservation.Reservation;
import dev.atrium.cluster.reservation.ReservationService;
import dev.atrium.portal.api.idempotency.Idempotency;
import dev.atrium.portal.api.input.ResourcesBody;
import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import dev.atrium.portal.api.input.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
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
@RequestMapping("/api/v1/tenants/{slug}/reservations")
@Tag(name = "Reservations", description = "Capacity booked ahead for a time window")
class ReservationsController {

  @Schema(example = "{\"name\":\"nightly-training\",\"pool\":\"sim\",\"resources\":{\"cpuMillis\":4000,\"memoryMiB\":16384,\"gpus\":1},\"instances\":2,\"start\":\"2026-12-01T22:00:00Z\",\"end\":\"2026-12-02T04:00:00Z\"}")
  record BookReservation(
      String name, String pool, ResourcesBody resources, Integer instances, Instant start, Instant end, Map<String, String> nodeLabels) {}

  record SlotJson(int instance, String node) {}

  record Window(Instant start, Instant end) {}

  @Schema(example = "{\"windows\":[{\"start\":\"2026-12-01T22:00:00Z\",\"end\":\"2026-12-02T04:00:00Z\"}]}")
  record Availability(List<Window> windows) {}

  @Schema(example = "{\"id\":\"9b7d0c1e-2f4a-4c55-8e0b-6a3d2c1f9e77\",\"name\":\"nightly\",\"pool\":\"sim\",\"resources\":{\"cpuMillis\":4000,\"memoryMiB\":16384,\"gpus\":0},\"instances\":2,\"nodeLabels\":{},\"start\":\"2026-12-01T22:00:00Z\",\"end\":\"2026-12-02T04:00:00Z\",\"state\":\"BOOKED\",\"slots\":[{\"instance\":0,\"node\":\"sim-00001\"},{\"instance\":1,\"node\":\"sim-00002\"}],\"createdAt\":\"2026-11-26T09:00:00Z\"}")
  record ReservationJson(
      UUID id,
      String name,
      String pool,
      Resources resources,
      int instances,
      Map<String, String> nodeLabels,
      Instant start,
      Instant end,
      String state,
      String reason,
      List<SlotJson> slots,
      Instant createdAt) {

    static ReservationJson of(Reservation r) {
      return new ReservationJson(
          r.id(), r.name(), r.pool(), r.resources(), r.instances(), r.nodeLabels(), r.start(), r.end(), r.state().name(), r.reason(),
          r.slots().stream().map(s -> new SlotJson(s.instance(), Node.nameOf(s.nodeId()))).toList(),
          r.createdAt());
    }
  }

  private final ReservationService reservations;
  private final Idempotency idempotency;

  ReservationsController(ReservationService reservations, Idempotency idempotency) {
    this.reservations = reservations;
    this.idempotency = idempotency;
  }

  @GetMapping
  @Operation(summary = "The tenant's reservations, newest first")
  Page<ReservationJson> list(
      Authentication auth,
      @PathVariable String slug,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) Integer limit) {
    return reservations.list(Caller.of(auth).actor(), slug, PageRequest.of(cursor, limit)).map(ReservationJson::of);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED) // documents it; the answer sets it with its Location
  @Operation(
      summary =
          "Book capacity for a window: checked against the tenant's quota and the pool at every instant of it, each instance"
              + " given a node slot (409 quota_exceeded with `at`, or capacity_unavailable with `earliestStart`)")
  ResponseEntity<?> book(
      Authentication auth,
      @PathVariable String slug,
      @RequestHeader(name = Idempotency.HEADER, required = false) String key,
      @RequestBody BookReservation body) {
    Caller caller = Caller.of(auth);
    return idempotency.run(
        caller,
        key,
        "POST /api/v1/tenants/" + slug + "/reservations",
        body,
        () -> {
          ReservationJson booked = ReservationJson.of(reservations.book(caller.actor(), slug, request(body)));
          return ResponseEntity.created(URI.create("/api/v1/tenants/" + slug + "/reservations/" + booked.id())).body(booked);
        });
  }

  @GetMapping("/availability")
  @Operation(summary = "The first windows (at most 10) in which that many instances fit, for the tenant's quota and the pool")
  Availability availability(
      Authentication auth,
      @PathVariable String slug,
      @RequestParam(required = false) String pool,
      @RequestParam(required = false) Long cpuMillis,
      @RequestParam(required = false) Long memoryMiB,
      @RequestParam(required = false) Long gpus,
      @RequestParam(required = false) Integer instances,
      @RequestParam(required = false) String duration,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to) {
    Duration length = Durations.parse(duration, "duration");
    Resources each = ResourcesBody.required(new ResourcesBody(cpuMillis, memoryMiB, gpus), "");
    return new Availability(
        reservations.availability(Caller.of(auth).actor(), slug, pool, Map.of(), each, instances, length, from, to).stream()
            .map(start -> new Window(start, start.plus(length)))
            .toList());
  }

  @GetMapping("/{id}")
  @Operation(summary = "A reservation: its window, state and slots (members)")
  ReservationJson get(Authentication auth, @PathVariable String slug, @PathVariable UUID id) {
    return ReservationJson.of(reservations.get(Caller.of(auth).actor(), slug, id));
  }

  @DeleteMapping("/{id}")
  @Operation(summary = "Cancel a BOOKED or ACTIVE reservation: its slots are free at once (409 if it is over)")
  ReservationJson cancel(Authentication auth, @PathVariable String slug, @PathVariable UUID id) {
    return ReservationJson.of(reservations.cancel(Caller.of(auth).actor(), slug, id));
  }

  private static NewReservation request(BookReservation body) {
    return new NewReservation(
        body.name(),
        body.pool(),
        ResourcesBody.required(body.resources()),
        body.instances(),
        body.start(),
        body.end(),
        body.nodeLabels());
  }
}
