package dev.atrium.portal.logging;

import dev.atrium.portal.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the request's id, the caller's subject and the tenant it acts on into every log line written
 * while the request is served (fields {@code request.id}, {@code user.id} and {@code tenant} of the
 * JSON logs). The request id is the caller's {@code X-Request-Id} when it sends a sensible one, else
 * a new one; either way it is answered in {@code X-Request-Id}, so a caller can quote it.
 */
@Configuration(proxyBeanMethods = false)
class RequestLogContext {

  static final String HEADER = "X-Request-Id";
  static final String REQUEST_ID = "request.id";
  static final String SUBJECT = "user.id";
  static final String TENANT = "tenant";

  private static final Pattern SENSIBLE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Pattern TENANT_PATH = Pattern.compile("^/api/v1/tenants/([a-z][a-z0-9-]{1,30})(/.*)?$");

  /** First of all filters, so that even a refused request's lines carry its id. */
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> requestId() {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new RequestId());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /** Right after Spring Security's filters, which know the caller. */
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> callerAndTenant() {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new CallerAndTenant());
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
    return registration;
  }

  private static final class RequestId extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String given = request.getHeader(HEADER);
      String id = given != null && SENSIBLE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
      response.setHeader(HEADER, id);
      MDC.put(REQUEST_ID, id);
      try {
        chain.doFilter(request, response);
      } finally {
        MDC.remove(REQUEST_ID);
        MDC.remove(SUBJECT);
        MDC.remove(TENANT);
      }
    }
  }

  private static final class CallerAndTenant extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
      if (authentication != null && authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken)) {
        String subject = Caller.of(authentication).identity().subject();
        if (subject != null) {
          MDC.put(SUBJECT, subject);
        }
      }
      Matcher tenant = TENANT_PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
      if (tenant.matches()) {
        MDC.put(TENANT, tenant.group(1));
      }
      chain.doFilter(request, response);
    }
  }
}
