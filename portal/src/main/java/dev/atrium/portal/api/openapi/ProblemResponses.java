package dev.atrium.portal.api.openapi;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.HandlerMethod;

/**
 * The refusals each operation can answer, each a problem document ({@code application/problem+json})
 * with the {@code code}s that status carries. Read from what the operation takes, as the API's
 * handlers refuse: every call without a valid token is 401; every call but {@code /me} may be 403 for
 * want of a role; a path naming a resource may be 404; a body or a query may be 400; a body may be
 * 413; a write may be 409 (a name taken, a stale {@code If-Match}, the quota, a suspended tenant, no
 * capacity); an {@code Idempotency-Key} reused with another body is 422.
 */
@Component
class ProblemResponses implements OperationCustomizer {

  private static final String PROBLEM_JSON = "application/problem+json";

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    boolean read = AnnotatedElementUtils.hasAnnotation(handler.getMethod(), GetMapping.class);
    boolean delete = AnnotatedElementUtils.hasAnnotation(handler.getMethod(), DeleteMapping.class);
    boolean body = operation.getRequestBody() != null;
    List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
    boolean query = parameters.stream().anyMatch(p -> "query".equals(p.getIn()));
    boolean named = java.util.Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.hasParameterAnnotation(PathVariable.class));
    // An id in the path (a UUID) that does not parse is a field error too.
    boolean typedPath =
        java.util.Arrays.stream(handler.getMethodParameters())
            .anyMatch(p -> p.hasParameterAnnotation(PathVariable.class) && p.getParameterType() != String.class);
    String path = pathOf(handler);
    // Quota, suspension and capacity refuse only what takes capacity: workloads, their runs and rollbacks, bookings.
    boolean takesCapacity = path.contains("/workloads") || path.contains("/reservations");
    boolean idempotent = parameters.stream().anyMatch(p -> "header".equals(p.getIn()) && "Idempotency-Key".equalsIgnoreCase(p.getName()));
    boolean me = handler.getBeanType().getSimpleName().equals("MeController");

    if (body || query || typedPath) {
      add(responses, "400", "The request is malformed or a field is not valid; `errors` names each field", "validation_failed", "bad_request");
    }
    add(responses, "401", "No valid access token", "unauthorized");
    if (!me) {
      add(responses, "403", "The caller's role does not allow this", "forbidden");
    }
    if (named) {
      add(responses, "404", "No such resource, or not one the caller may see", "not_found");
    }
    boolean stopsWorkload = delete && path.endsWith("/workloads/{id}"); // stopping twice is no clash
    if (!read && !stopsWorkload) {
      add(
          responses,
          "409",
          "The request clashes with the current state",
          takesCapacity && !delete ? new String[] {"conflict", "quota_exceeded", "tenant_suspended", "capacity_unavailable"} : new String[] {"conflict"});
    }
    if (body) {
      add(responses, "413", "The body is larger than the API takes", "payload_too_large");
    }
    if (idempotent) {
      add(responses, "422", "The Idempotency-Key was used before with another request", "idempotency_key_reused");
    }
    operation.setResponses(responses);
    return operation;
  }

  /** The handler's path as mapped: the class's prefix and the method's own. */
  private static String pathOf(HandlerMethod handler) {
    var onClass = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), org.springframework.web.bind.annotation.RequestMapping.class);
    var onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), org.springframework.web.bind.annotation.RequestMapping.class);
    String prefix = onClass == null || onClass.path().length == 0 ? "" : onClass.path()[0];
    String own = onMethod == null || onMethod.path().length == 0 ? "" : onMethod.path()[0];
    return prefix + own;
  }

  private static void add(ApiResponses responses, String status, String what, String... codes) {
    if (responses.containsKey(status)) {
      return; // the operation says it itself
    }
    String listed = String.join(", ", java.util.Arrays.stream(codes).map(c -> "`" + c + "`").toList());
    responses.addApiResponse(
        status,
        new ApiResponse()
            .description(what + ". Codes: " + listed + ".")
            .content(
                new Content()
                    .addMediaType(
                        PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ApiDocumentation.PROBLEM)))));
  }
}
