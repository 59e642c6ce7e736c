package dev.atrium.portal.api.input;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.portal.problem.ApiProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What no API request may carry, refused before anything reads it: a path with encoded or relative
 * segments or path parameters ({@code %2e%2e}, {@code ..;}, which would otherwise leave the API's
 * security rules: 400), a body over
 * {@link #MAX_BODY} (413 {@code payload_too_large}, whether it declares its length or comes in chunks) and a query parameter with the NUL character,
 * which PostgreSQL cannot store (400 {@code validation_failed} naming the parameter).
 */
@Configuration(proxyBeanMethods = false)
class InputLimits {

  static final long MAX_BODY = 1024 * 1024;

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> apiInputLimits(ObjectMapper json) {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Limits(json));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  /**
   * The actuator (health, metrics, info) is served on the management port only; on the portal's port
   * every path under it is a plain 404 rather than a sign-in page, so nothing tells a caller what
   * might be there.
   */
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> unknownActuatorPaths(ObjectMapper json) {
    OncePerRequestFilter filter =
        new OncePerRequestFilter() {
          @Override
          protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
              throws ServletException, IOException {
            ApiProblems.write(response, json, ApiProblems.of(HttpStatus.NOT_FOUND, "not_found", "No such endpoint."));
          }
        };
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
    registration.addUrlPatterns("/actuator", "/actuator/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  private static final class Limits extends OncePerRequestFilter {

    private final ObjectMapper json;

    Limits(ObjectMapper json) {
      this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (oddPath(request.getRequestURI())) {
        ApiProblems.write(response, json, ApiProblems.of(HttpStatus.BAD_REQUEST, "bad_request",
            "The path has encoded or relative segments; address resources by their plain path."));
        return;
      }
      if (request.getContentLengthLong() < 0 && chunked(request)) {
        Optional<HttpServletRequest> buffered = BufferedBody.read(request, MAX_BODY);
        if (buffered.isEmpty()) {
          tooLarge(response);
          return;
        }
        request = buffered.get();
      }
      if (request.getContentLengthLong() > MAX_BODY) {
        tooLarge(response);
        return;
      }
      for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
        boolean nul = parameter.getKey().indexOf('\u0000') >= 0
            || List.of(parameter.getValue()).stream().anyMatch(v -> v.indexOf('\u0000') >= 0);
        if (nul) {
          ProblemDetail problem = ApiProblems.of(HttpStatus.BAD_REQUEST, "validation_failed", "The request is not valid.");
          problem.setProperty("errors", List.of(Map.of("field", parameter.getKey().replace('\u0000', '?'), "message", StrictJson.NUL_MESSAGE)));
          ApiProblems.write(response, json, problem);
          return;
        }
      }
      chain.doFilter(request, response);
    }

    /**
     * Encoded dots, slashes and backslashes, path parameters ({@code ;}, encoded or not) and "." or
     * ".." segments: none is part of any API path, and each could make the path mean another.
     */
    private static boolean oddPath(String uri) {
      String raw = uri.toLowerCase(java.util.Locale.ROOT);
      if (raw.contains("%2e") || raw.contains("%2f") || raw.contains("%5c") || raw.contains("%3b") || raw.contains(";")) {
        return true;
      }
      return java.util.Arrays.stream(raw.split("/", -1)).anyMatch(segment -> segment.equals(".") || segment.equals(".."));
    }

    private static boolean chunked(HttpServletRequest request) {
      String encoding = request.getHeader("Transfer-Encoding");
      return encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
      ApiProblems.write(response, json, ApiProblems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
          "The request body is larger than " + MAX_BODY / 1024 + " KiB."));
    }
  }
}
