package dev.atrium.portal.api;

import dev.atrium.portal.problem.ApiProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the REST API as problem+json with a {@code code}; an unexpected failure is logged
 * with its stack trace here and answered without one.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) {
    log.error("Unexpected error in the REST API", e);
    return ApiProblems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Atrium could not complete the request.");
  }

  /** Spring MVC's own errors (bad JSON, unknown method …) keep their status and gain a code. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    HttpStatus known = HttpStatus.resolve(status.value());
    String code = status.value() == 404 ? "not_found" : status.is4xxClientError() ? "bad_request" : "internal_error";
    ProblemDetail problem =
        ApiProblems.of(known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known, code, ex.getMessage());
    return super.handleExceptionInternal(ex, problem, headers, status, request);
  }
}
