package dev.atrium.cluster.driver.local;

import java.nio.file.Path;

/**
 * The {@code local} pool: this host, through a Docker-compatible engine API.
 *
 * @param dockerHost the engine, e.g. {@code unix:///run/podman/podman.sock}; empty: {@code
 *     DOCKER_HOST}, then podman's and Docker's usual sockets
 * @param podmanSocket where Atrium serves podman's API itself when podman is installed but not
 *     serving (default {@code ~/.atrium/podman/podman.sock})
 * @param publishAddress the host address a service's ports are published on, each on a free port
 *     (default {@code 127.0.0.1}: this host only)
 *     <p>One constructor only: configuration binds through it (with a second one, Spring would bind
 *     none of these settings).
 */
public record LocalSettings(String dockerHost, Path podmanSocket, String publishAddress) {

  public String publishAddressOrDefault() {
    return publishAddress == null || publishAddress.isBlank() ? "127.0.0.1" : publishAddress;
  }
}
