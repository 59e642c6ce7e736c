package dev.atrium.portal.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.atrium.portal.api.idempotency.IdempotencyKeyReusedException;
import dev.atrium.portal.problem.ApiProblems;
import dev.atrium.tenancy.access.ConflictException;
import dev.atrium.tenancy.access.ForbiddenException;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.cluster.reservation.CapacityUnavailableException;
import dev.atrium.tenancy.access.QuotaExceededException;
import dev.atrium.tenancy.access.TenantSuspendedException;
import dev.atrium.tenancy.access.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the REST API as problem+json with a {@code code}. Bad input is a 400 {@code
 * validation_failed} naming each field; an unexpected failure is logged here with its stack trace
 * and answered without one.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ValidationException.class)
  ProblemDetail invalid(ValidationException e) {
    return validationFailed(
        e.errors().stream().map(f -> Map.of("field", f.field(), "message", f.message())).toList());
  }

  @ExceptionHandler(NotFoundException.class)
  ProblemDetail notFound(NotFoundException e) {
    return ApiProblems.of(HttpStatus.NOT_FOUND, "not_found", e.getMessage());
  }

  @ExceptionHandler(ForbiddenException.class)
  ProblemDetail forbidden(ForbiddenException e) {
    return ApiProblems.of(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
  }

  @ExceptionHandler(ConflictException.class)
  ProblemDetail conflict(ConflictException e) {
    return ApiProblems.of(HttpStatus.CONFLICT, "conflict", e.getMessage());
  }

  @ExceptionHandler(QuotaExceededException.class)
  ProblemDetail quotaExceeded(QuotaExceededException e) {
    ProblemDetail problem = ApiProblems.of(HttpStatus.CONFLICT, "quota_exceeded", e.getMessage());
    problem.setProperty("resource", e.resource());
    problem.setProperty("requested", e.requested());
    problem.setProperty("available", e.available());
    if (e.at() != null) {
      problem.setProperty("at", e.at());
    }
    return problem;
  }

  @ExceptionHandler(CapacityUnavailableException.class)
  ProblemDetail capacityUnavailable(CapacityUnavailableException e) {
    ProblemDetail problem = ApiProblems.of(HttpStatus.CONFLICT, "capacity_unavailable", e.getMessage());
    problem.setProperty("earliestStart", e.earliestStart());
    return problem;
  }

  @ExceptionHandler(TenantSuspendedException.class)
  ProblemDetail suspended(TenantSuspendedException e) {
    return ApiProblems.of(HttpStatus.CONFLICT, "tenant_suspended", e.getMessage());
  }

  @ExceptionHandler(IdempotencyKeyReusedException.class)
  ProblemDetail reused(IdempotencyKeyReusedException e) {
    return ApiProblems.of(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency_key_reused", e.getMessage());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
    return validationFailed(List.of(Map.of("field", e.getName(), "message", "has the wrong format")));
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) {
    log.error("Unexpected error in the REST API", e);
    return ApiProblems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Atrium could not complete the request.");
  }

  /**
   * Unreadable JSON: an unknown or duplicate field, a wrong type or text with NUL names its field;
   * broken JSON is one error on the body.
   */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String field = "body";
    String message = "is not valid JSON";
    Throwable cause = ex.getCause();
    if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      field =
          mapping.getPath().stream()
              .map(p -> p.getFieldName() != null ? p.getFieldName() : "[" + p.getIndex() + "]")
              .collect(Collectors.joining("."));
      message = whatIsWrong(mapping);
    } else if (cause instanceof JsonProcessingException parse && parse.getOriginalMessage() != null
        && parse.getOriginalMessage().startsWith("Duplicate field '")) {
      String text = parse.getOriginalMessage();
      field = text.substring("Duplicate field '".length(), text.indexOf('\'', "Duplicate field '".length()));
      message = "appears more than once";
    }
    return ResponseEntity.badRequest().body(validationFailed(List.of(Map.of("field", field, "message", message))));
  }

  private static String whatIsWrong(JsonMappingException mapping) {
    if (mapping instanceof UnrecognizedPropertyException) {
      return "is not a field of this request";
    }
    if (mapping.getOriginalMessage() != null && mapping.getOriginalMessage().contains("NUL character")) {
      return "must not contain the NUL character";
    }
    if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      Class<?> target = mismatch.getTargetType();
      if (target == Integer.class || target == Long.class || target == int.class || target == long.class) {
        return "must be a whole number";
      }
      if (target == String.class) {
        return "must be text";
      }
      if (target == Boolean.class || target == boolean.class) {
        return "must be true or false";
      }
    }
    return "has the wrong type or value";
  }

  /** Spring MVC's own errors (unknown method, bad media type …) keep their status and gain a code. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    HttpStatus known = HttpStatus.resolve(status.value());
    String code = status.value() == 404 ? "not_found" : status.is4xxClientError() ? "bad_request" : "internal_error";
    ProblemDetail problem =
        ApiProblems.of(known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known, code, ex.getMessage());
    return super.handleExceptionInternal(ex, problem, headers, status, request);
  }

  private static ProblemDetail validationFailed(List<Map<String, String>> errors) {
    ProblemDetail problem =
        ApiProblems.of(
            HttpStatus.BAD_REQUEST,
            "validation_failed",
            errors.stream().map(e -> e.get("field") + " " + e.get("message")).collect(Collectors.joining("; ")));
    problem.setProperty("errors", errors);
    return problem;
  }
}
