package dev.atrium.portal.api;

import dev.atrium.portal.problem.ApiProblems;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Any {@code /api/**} path no controller serves is a 404 problem. Without this, Vaadin (which serves
 * every other path) would answer it with an HTML page.
 */
@RestController
@Hidden // not an operation: what answers when no operation matches
class ApiNotFoundController {

  @RequestMapping("/api/**")
  ResponseEntity<ProblemDetail> notFound(HttpServletRequest request) {
    ProblemDetail problem =
        ApiProblems.of(
            HttpStatus.NOT_FOUND, "not_found", "No such API resource: " + request.getMethod() + " " + request.getRequestURI());
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
  }
}
