package dev.atrium.cluster.version;

import java.time.Instant;

/** One version of a workload: its template, who made it and when. */
public record Version(int version, Template template, String createdBy, Instant createdAt) {}
