/**
 * Tenancy: tenants, their members and roles, quotas with the usage held now, and the audit log.
 * Each concept is a package with its model (records), a public service and a package-private store;
 * jOOQ stays inside the stores.
 */
package dev.atrium.tenancy;
