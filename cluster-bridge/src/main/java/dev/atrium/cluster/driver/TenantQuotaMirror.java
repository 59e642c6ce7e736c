package dev.atrium.cluster.driver;

import java.util.UUID;

/**
 * An optional capability of a driver whose engine enforces quotas of its own (a Kubernetes
 * ResourceQuota): it is told each tenant's Atrium quota, so that the engine refuses what Atrium would.
 */
public interface TenantQuotaMirror {

  void mirrorQuota(UUID tenantId, String slug, long cpuMillis, long memoryMiB, long gpus, long workloads) throws DriverException;
}
