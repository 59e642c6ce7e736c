package dev.atrium.portal.api.usage;

import dev.atrium.portal.security.Caller;
import dev.atrium.tenancy.billing.UsageRequest;
import dev.atrium.tenancy.billing.UsageService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * Usage exports, streamed from the database as they are written: the request is checked completely
 * (who asks, every parameter) before the first byte, so a bad one still gets a problem document.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Usage exports", description = "Metered usage as CSV, JSON lines or FinOps FOCUS")
class UsageController {

  private final UsageService usage;

  UsageController(UsageService usage) {
    this.usage = usage;
  }

  @GetMapping("/usage")
  @ApiResponse(
      responseCode = "200",
      description = "The export, streamed: CSV (csv, focus) or JSON lines (jsonl), with a Content-Disposition file name",
      content = {
        @Content(mediaType = "text/csv", schema = @Schema(type = "string", example = "tenant,periodStart,periodEnd,resource,unit,quantity,quotaLimit,final")),
        @Content(mediaType = "application/jsonl", schema = @Schema(type = "string"))
      })
  @Operation(
      summary = "Every tenant's usage (billing-reader, platform-admin)",
      description =
          "One row per tenant, period and resource, ordered by period, tenant, resource. Quantities and"
              + " quotaLimit (the quota over the same period) are integers in the row's unit. A final row"
              + " never changes. from/to are RFC 3339 (or dates), aligned to the granularity, to exclusive.")
  void all(
      Authentication auth,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @Parameter(description = "HOUR (default), DAY or MONTH") @RequestParam(required = false) String granularity,
      @Parameter(description = "one tenant's slug") @RequestParam(required = false) String tenant,
      @Parameter(description = "csv (default), jsonl or focus") @RequestParam(required = false) String format,
      HttpServletResponse response)
      throws IOException {
    stream(usage.all(Caller.of(auth).actor(), new UsageRequest(from, to, granularity, tenant, format)), response);
  }

  @GetMapping("/tenants/{slug}/usage")
  @ApiResponse(
      responseCode = "200",
      description = "The export, streamed: CSV (csv, focus) or JSON lines (jsonl), with a Content-Disposition file name",
      content = {
        @Content(mediaType = "text/csv", schema = @Schema(type = "string", example = "tenant,periodStart,periodEnd,resource,unit,quantity,quotaLimit,final")),
        @Content(mediaType = "application/jsonl", schema = @Schema(type = "string"))
      })
  @Operation(summary = "This tenant's usage (its members), in the same query and formats as /usage")
  void ofTenant(
      Authentication auth,
      @PathVariable String slug,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String granularity,
      @RequestParam(required = false) String tenant,
      @RequestParam(required = false) String format,
      HttpServletResponse response)
      throws IOException {
    stream(
        usage.ofTenant(Caller.of(auth).actor(), slug, new UsageRequest(from, to, granularity, tenant, format)),
        response);
  }

  private void stream(UsageService.Export export, HttpServletResponse response) throws IOException {
    response.setContentType(export.format().mediaType() + ";charset=UTF-8");
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(export.filename()).build().toString());
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    try (OutputStream out = response.getOutputStream()) {
      usage.write(export, out);
    }
  }
}
