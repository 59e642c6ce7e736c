package dev.atrium.portal.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The portal's REST API called over HTTP with a real token, as a script would. */
public final class Api {

  public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private final String token;
  private final Map<String, String> extraHeaders;

  private Api(int port, String token, Map<String, String> extraHeaders) {
    this.port = port;
    this.token = token;
    this.extraHeaders = extraHeaders;
  }

  /** Calls as a dev-realm user (token through atrium-cli), or anonymously when user is null. */
  public static Api as(int port, String user) {
    return new Api(port, user == null ? null : Tokens.user(user), Map.of());
  }

  public static Api withToken(int port, String token) {
    return new Api(port, token, Map.of());
  }

  public Api header(String name, String value) {
    Map<String, String> headers = new java.util.HashMap<>(extraHeaders);
    headers.put(name, value);
    return new Api(port, token, headers);
  }

  public Response get(String path) {
    return send("GET", path, null);
  }

  public Response post(String path, String json) {
    return send("POST", path, json);
  }

  public Response put(String path, String json) {
    return send("PUT", path, json);
  }

  public Response patch(String path, String json) {
    return send("PATCH", path, json);
  }

  public Response delete(String path) {
    return send("DELETE", path, null);
  }

  /** Sends the body in chunks, without saying its length up front. */
  public Response postChunked(String path, String json) {
    byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return send("POST", path, HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)), true);
  }

  public Response send(String method, String path, String json) {
    return send(method, path, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json), json != null);
  }

  private Response send(String method, String path, HttpRequest.BodyPublisher body, boolean isJson) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).version(HttpClient.Version.HTTP_1_1);
    request.method(method, body);
    if (isJson) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    extraHeaders.forEach(request::header);
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
