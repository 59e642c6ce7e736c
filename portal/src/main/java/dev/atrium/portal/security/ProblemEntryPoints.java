package dev.atrium.portal.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.portal.problem.ApiProblems;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The API's answers to a missing or bad token (401) and to a token without the right role (403):
 * problem+json with the standard {@code WWW-Authenticate} header, never a redirect to a login page.
 */
final class ProblemEntryPoints {

  private ProblemEntryPoints() {}

  static AuthenticationEntryPoint unauthorized(ObjectMapper json) {
    BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    return (request, response, exception) -> {
      bearer.commence(request, response, exception);
      ApiProblems.write(
          response,
          json,
          ApiProblems.of(
              HttpStatus.UNAUTHORIZED,
              "unauthorized",
              "A valid bearer access token for audience atrium-api is required: " + exception.getMessage()));
    };
  }

  static AccessDeniedHandler forbidden(ObjectMapper json) {
    BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
    return (request, response, exception) -> {
      bearer.handle(request, response, exception);
      ApiProblems.write(
          response, json, ApiProblems.of(HttpStatus.FORBIDDEN, "forbidden", "Your roles do not allow this request."));
    };
  }
}
