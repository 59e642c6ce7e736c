package dev.atrium.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Atrium's REST API (API.md) over the JDK's HTTP client, with a bearer token. Answers are JSON trees,
 * as the API gives them; a refusal is an {@link ApiException} carrying its problem document.
 */
public final class Api {

  public static final ObjectMapper JSON = new ObjectMapper();

  private final URI server;
  private final Supplier<String> token;
  private final HttpClient http;

  public Api(URI server, Supplier<String> token) {
    this.server = server;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  public JsonNode get(String path) {
    return send("GET", path, null, null).body();
  }

  public JsonNode post(String path, JsonNode body) {
    return send("POST", path, body, null).body();
  }

  public JsonNode patch(String path, JsonNode body) {
    return send("PATCH", path, body, null).body();
  }

  /** An answer with its ETag, for a later write that must not go over someone else's change. */
  public record Tagged(JsonNode body, String etag) {}

  public Tagged getTagged(String path) {
    return send("GET", path, null, null);
  }

  /** PUT with {@code If-Match}: refused (409) if the resource changed since it was read. */
  public JsonNode put(String path, JsonNode body, String ifMatch) {
    return send("PUT", path, body, ifMatch).body();
  }

  /**
   * Streams a GET's body into {@code file} as it arrives (never all of it in memory), reporting the
   * bytes written so far to {@code progress}; answers how many were written. The file appears whole:
   * it is written beside and moved into place at the end.
   */
  public long download(String path, java.nio.file.Path file, java.util.function.LongConsumer progress) {
    HttpRequest request = request("GET", path, null, null).header("Accept", "*/*").build();
    try {
      HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() / 100 != 2) {
        JsonNode problem;
        try (java.io.InputStream in = response.body()) {
          problem = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        throw refusal(response, problem);
      }
      java.nio.file.Path partial = file.resolveSibling(file.getFileName() + ".partial");
      long written = 0;
      try (java.io.InputStream in = response.body(); java.io.OutputStream out = java.nio.file.Files.newOutputStream(partial)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          out.write(buffer, 0, n);
          written += n;
          progress.accept(written);
        }
      } catch (IOException broken) {
        java.nio.file.Files.deleteIfExists(partial); // half an export is no export
        throw broken;
      }
      java.nio.file.Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot download from " + server + ": " + why(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, null, null).body();
  }

  /** One path segment, encoded; "." and ".." are no names, and would move along the path. */
  public static String encode(String pathSegment) {
    if (pathSegment.isEmpty() || pathSegment.equals(".") || pathSegment.equals("..")) {
      throw new IllegalArgumentException("\"" + pathSegment + "\" is not a name");
    }
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String method, String path, JsonNode body, String ifMatch) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.resolve("/api/v1" + path))
            .timeout(Duration.ofMinutes(2))
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + token.get());
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    if (body != null) {
      return request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    return request.method(method, HttpRequest.BodyPublishers.noBody());
  }

  private Tagged send(String method, String path, JsonNode body, String ifMatch) {
    HttpResponse<String> response;
    try {
      response = http.send(request(method, path, body, ifMatch).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach " + server + ": " + why(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    JsonNode answer = parse(response.body());
    if (response.statusCode() / 100 != 2) {
      throw refusal(response, answer);
    }
    return new Tagged(answer == null ? JSON.nullNode() : answer, response.headers().firstValue("ETag").orElse(null));
  }

  private static String why(IOException e) {
    return e.getMessage() != null ? e.getMessage() : e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
  }

  /** Any answer but 2xx; a redirect is not followed (the token would go along) but named. */
  private static ApiException refusal(HttpResponse<?> response, JsonNode problem) {
    int status = response.statusCode();
    String detail =
        problem != null && problem.hasNonNull("detail")
            ? problem.get("detail").asText()
            : status / 100 == 3
                ? "The server redirects to " + response.headers().firstValue("Location").orElse("another address") + "; give that address with --server"
                : "The server answered " + status;
    return new ApiException(status, problem, detail);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }
}
