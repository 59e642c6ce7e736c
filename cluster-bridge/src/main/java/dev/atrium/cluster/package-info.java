/**
 * The cluster bridge: turns a tenant's request into a reservation of capacity (quota and node,
 * charged in one PostgreSQL transaction) and a container launch through a driver ({@code local}
 * podman, {@code sim} simulated fleet, {@code kubernetes}). It may use {@code dev.atrium.db} and the
 * public services of {@code dev.atrium.tenancy}; nothing below it may use it.
 */
package dev.atrium.cluster;
