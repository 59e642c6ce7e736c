package dev.atrium.portal.problem;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat refuses some requests before any Atrium code runs (a NUL or other malformed escape in the
 * path) and reports them with this valve. Under {@code /api/} the report is a problem document like
 * every other API error; elsewhere Tomcat's page, without its version or a stack trace.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

  ProblemErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    String uri = request.getCoyoteRequest().requestURI().toString();
    if (uri == null || !uri.startsWith("/api/")) {
      super.report(request, response, throwable);
      return;
    }
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    HttpStatus known = HttpStatus.resolve(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    String code = status == 400 ? "bad_request" : status == 404 ? "not_found" : "error";
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(
            "{\"type\":\"https://atrium.dev/problems/%s\",\"title\":\"%s\",\"status\":%d,\"detail\":\"The request could not be read: check the path for stray escapes such as %%00.\",\"code\":\"%s\"}"
                .formatted(code.replace('_', '-'), title, status, code));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone or the response committed: nothing more to tell
    }
  }
}
