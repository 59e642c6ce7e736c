package dev.atrium.cluster.driver.local;

import java.nio.file.Path;

/**
 * The {@code local} pool: this host, through a Docker-compatible engine API.
 *
 * @param dockerHost the engine, e.g. {@code unix:///run/podman/podman.sock}; empty: {@code
 *     DOCKER_HOST}, then podman's and Docker's usual sockets
 * @param podmanSocket where Atrium serves podman's API itself when podman is installed but not
 *     serving (default {@code ~/.atrium/podman/podman.sock})
 */
public record LocalSettings(String dockerHost, Path podmanSocket) {}
