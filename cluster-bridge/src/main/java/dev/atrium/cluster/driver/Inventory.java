package dev.atrium.cluster.driver;

import java.util.Map;
import java.util.UUID;

/**
 * An optional capability of drivers whose engine keeps running what Atrium started: it lists what
 * one pool of one installation has there (several pools may share an engine), so that the reconciler removes what no live task owns any more.
 */
public interface Inventory {

  /** Handle → task id of everything the engine runs or keeps for this installation's pool. */
  Map<String, UUID> managedTasks(String installation, String pool) throws DriverException;
}
