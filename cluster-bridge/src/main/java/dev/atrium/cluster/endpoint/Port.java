package dev.atrium.cluster.endpoint;

/** A port a SERVICE's container listens on, by a name people and clients use ({@code http}). */
public record Port(String name, Integer containerPort) {}
