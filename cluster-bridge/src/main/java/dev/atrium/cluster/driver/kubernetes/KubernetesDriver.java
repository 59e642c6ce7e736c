package dev.atrium.cluster.driver.kubernetes;

import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.DriverException;
import dev.atrium.cluster.driver.Inventory;
import dev.atrium.cluster.driver.NodeSpec;
import dev.atrium.cluster.driver.Observation;
import dev.atrium.cluster.driver.TaskLaunch;
import dev.atrium.cluster.driver.TenantQuotaMirror;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import dev.atrium.cluster.endpoint.Port;
import dev.atrium.cluster.health.HealthCheck;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Kubernetes cluster as a pool: a namespace per tenant with a ResourceQuota mirroring the Atrium
 * quota, a Deployment for each SERVICE task and a Job for each JOB task, pinned to the node Atrium
 * chose; their status is mapped back to task states. Objects are named after their task, so a second
 * launch finds the first.
 */
public final class KubernetesDriver implements ClusterDriver, TenantQuotaMirror, Inventory {
  static final String WORKLOAD_LABEL = "dev.atrium/workload";

  static final String TASK_LABEL = "dev.atrium/task";
  static final String INSTALLATION_LABEL = "dev.atrium/installation";
  static final String POOL_LABEL = "dev.atrium/pool";
  static final String GPU = "nvidia.com/gpu";

  private final KubernetesClient client;
  private final String unavailable;

  public KubernetesDriver(KubernetesClient client) {
    this.client = client;
    String why = null;
    try {
      client.getKubernetesVersion();
    } catch (RuntimeException e) {
      why = "cannot reach the Kubernetes API at " + client.getMasterUrl() + ": " + e.getMessage();
    }
    this.unavailable = why;
  }

  @Override
  public java.util.Optional<String> unavailableReason() {
    return java.util.Optional.ofNullable(unavailable);
  }

  @Override
  public List<NodeSpec> nodes() {
    if (unavailable != null) {
      return List.of();
    }
    return client.nodes().list().getItems().stream()
        .map(
            node -> {
              Map<String, Quantity> free = node.getStatus() == null || node.getStatus().getAllocatable() == null
                  ? Map.of()
                  : node.getStatus().getAllocatable();
              return new NodeSpec(
                  node.getMetadata().getName(),
                  amount(free.get("cpu")).multiply(BigDecimal.valueOf(1000)).longValue(),
                  amount(free.get("memory")).divide(BigDecimal.valueOf(1024 * 1024)).longValue(),
                  amount(free.get(GPU)).longValue(),
                  node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels());
            })
        .toList();
  }

  /** Each launch waits on the engine (an image, a runtime starting): several at once keep it busy. */
  @Override
  public int launchParallelism() {
    return 8;
  }

  @Override
  public String launch(TaskLaunch launch) throws DriverException {
    String namespace = namespace(launch.tenant());
    String name = "atrium-" + launch.taskId();
    try {
      ensureNamespace(namespace, launch.tenant());
      PodTemplateSpec pod = pod(launch, name);
      HasMetadata object =
          launch.runsToCompletion()
              ? new JobBuilder()
                  .withNewMetadata().withName(name).withNamespace(namespace).addToLabels(labels(launch)).endMetadata()
                  .withNewSpec().withBackoffLimit(0).withTemplate(pod).endSpec()
                  .build()
              : new DeploymentBuilder()
                  .withNewMetadata().withName(name).withNamespace(namespace).addToLabels(labels(launch)).addToLabels(WORKLOAD_LABEL, launch.workload()).endMetadata()
                  .withNewSpec()
                  .withReplicas(1)
                  .withNewSelector().addToMatchLabels(TASK_LABEL, launch.taskId().toString()).endSelector()
                  .withTemplate(pod)
                  .endSpec()
                  .build();
      client.resource(object).createOr(NonDeletingOperation::update);
      if (!launch.runsToCompletion() && launch.ports() != null && !launch.ports().isEmpty()) {
        client.resource(service(launch, namespace)).createOr(NonDeletingOperation::update);
      }
      return namespace + "/" + (launch.runsToCompletion() ? "job" : "deployment") + "/" + name;
    } catch (KubernetesClientException e) {
      throw new DriverException(e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage(), e);
    }
  }

  @Override
  public void kill(String handle) {
    String[] parts = handle.split("/");
    if (parts.length != 3) {
      return;
    }
    if (parts[1].equals("job")) {
      client.batch().v1().jobs().inNamespace(parts[0]).withName(parts[2]).delete();
    } else {
      Deployment deployment = client.apps().deployments().inNamespace(parts[0]).withName(parts[2]).get();
      client.apps().deployments().inNamespace(parts[0]).withName(parts[2]).delete();
      if (deployment != null) {
        removeServiceIfLast(parts[0], deployment.getSpec().getTemplate().getMetadata().getLabels().get(WORKLOAD_LABEL));
      }
    }
  }

  /**
   * Removes the workload's Service once no task of it is left in the namespace, so that a later
   * workload of the same name is not fronted by it. Only a Service this Atrium made.
   */
  private void removeServiceIfLast(String namespace, String workload) {
    if (workload == null || !client.apps().deployments().inNamespace(namespace).withLabel(WORKLOAD_LABEL, workload).list().getItems().isEmpty()) {
      return;
    }
    Service service = client.services().inNamespace(namespace).withName(workload).get();
    if (service != null && service.getMetadata().getLabels() != null && service.getMetadata().getLabels().containsKey(INSTALLATION_LABEL)) {
      client.services().inNamespace(namespace).withName(workload).delete();
    }
  }

  @Override
  public Map<String, Observation> observe(Collection<String> handles) throws DriverException {
    Map<String, Observation> seen = new HashMap<>();
    try {
      for (String handle : handles) {
        String[] parts = handle.split("/");
        if (parts.length != 3) {
          continue;
        }
        if (parts[1].equals("job")) {
          Job job = client.batch().v1().jobs().inNamespace(parts[0]).withName(parts[2]).get();
          if (job != null) {
            seen.put(handle, jobPhase(job));
          }
        } else {
          Deployment deployment = client.apps().deployments().inNamespace(parts[0]).withName(parts[2]).get();
          if (deployment != null) {
            Integer available = deployment.getStatus() == null ? null : deployment.getStatus().getAvailableReplicas();
            seen.put(handle, available != null && available > 0 ? Observation.running() : new Observation(Observation.Phase.STARTING, null));
          }
        }
      }
    } catch (KubernetesClientException e) {
      throw new DriverException(e.getMessage(), e);
    }
    return seen;
  }

  @Override
  public Map<String, UUID> managedTasks(String installation, String pool) throws DriverException {
    Map<String, UUID> managed = new HashMap<>();
    Map<String, String> ours = Map.of(INSTALLATION_LABEL, installation, POOL_LABEL, pool);
    try {
      client.apps().deployments().inAnyNamespace().withLabels(ours).list().getItems()
          .forEach(d -> managed.put(handle(d, "deployment"), UUID.fromString(d.getMetadata().getLabels().get(TASK_LABEL))));
      client.batch().v1().jobs().inAnyNamespace().withLabels(ours).list().getItems()
          .forEach(j -> managed.put(handle(j, "job"), UUID.fromString(j.getMetadata().getLabels().get(TASK_LABEL))));
    } catch (KubernetesClientException e) {
      throw new DriverException(e.getMessage(), e);
    }
    return managed;
  }

  private static String handle(HasMetadata object, String kind) {
    return object.getMetadata().getNamespace() + "/" + kind + "/" + object.getMetadata().getName();
  }

  private static Map<String, String> labels(TaskLaunch launch) {
    return Map.of(TASK_LABEL, launch.taskId().toString(), INSTALLATION_LABEL, launch.installation(), POOL_LABEL, launch.pool());
  }

  @Override
  public void mirrorQuota(UUID tenantId, String slug, long cpuMillis, long memoryMiB, long gpus, long workloads)
      throws DriverException {
    String namespace = namespace(tenantId.toString());
    try {
      ensureNamespace(namespace, tenantId.toString());
      client.resource(
              new ResourceQuotaBuilder()
                  .withNewMetadata().withName("atrium-quota").withNamespace(namespace).addToLabels("dev.atrium/tenant", slug).endMetadata()
                  .withNewSpec()
                  .addToHard("requests.cpu", new Quantity(cpuMillis + "m"))
                  .addToHard("limits.cpu", new Quantity(cpuMillis + "m"))
                  .addToHard("requests.memory", new Quantity(memoryMiB + "Mi"))
                  .addToHard("limits.memory", new Quantity(memoryMiB + "Mi"))
                  .addToHard("requests." + GPU, new Quantity(Long.toString(gpus)))
                  .endSpec()
                  .build())
          .createOr(NonDeletingOperation::update);
    } catch (KubernetesClientException e) {
      throw new DriverException(e.getMessage(), e);
    }
  }

  /** The namespace of a tenant: its id, which never changes, unlike its name. */
  static String namespace(String tenantId) {
    return "atrium-" + tenantId;
  }

  private void ensureNamespace(String namespace, String tenantId) {
    if (client.namespaces().withName(namespace).get() == null) {
      client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).addToLabels("dev.atrium/tenant-id", tenantId).endMetadata().build())
          .createOr(NonDeletingOperation::update);
    }
  }

  private static PodTemplateSpec pod(TaskLaunch launch, String name) {
    Map<String, Quantity> resources = new HashMap<>();
    resources.put("cpu", new Quantity(launch.cpuMillis() + "m"));
    resources.put("memory", new Quantity(launch.memoryMiB() + "Mi"));
    if (launch.gpus() > 0) {
      resources.put(GPU, new Quantity(Long.toString(launch.gpus())));
    }
    List<EnvVar> env = launch.env().entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList();
    return new PodTemplateSpecBuilder()
        .withNewMetadata().addToLabels(TASK_LABEL, launch.taskId().toString()).addToLabels(WORKLOAD_LABEL, launch.workload()).endMetadata()
        .withNewSpec()
        .withNodeName(launch.node())
        .withRestartPolicy(launch.runsToCompletion() ? "Never" : "Always")
        .addNewContainer()
        .withName("main")
        .withImage(launch.image())
        .withCommand(launch.command().isEmpty() ? null : launch.command())
        .withEnv(env)
        .withResources(new ResourceRequirementsBuilder().withRequests(resources).withLimits(resources).build())
        // Ready (and so available, and RUNNING to Atrium) once the check passes; restarted by the
        // kubelet when it fails its threshold after the grace period.
        .withReadinessProbe(probe(launch.healthCheck(), 0))
        .withLivenessProbe(probe(launch.healthCheck(), launch.healthCheck() == null ? 0 : launch.healthCheck().gracePeriodSeconds()))
        .endContainer()
        .endSpec()
        .build();
  }

  /**
   * The service's ports as a Kubernetes Service named after the workload (a workload's name is a DNS
   * label) in the tenant's namespace, in front of every task of the workload.
   */
  private static Service service(TaskLaunch launch, String namespace) {
    return new ServiceBuilder()
        .withNewMetadata().withName(launch.workload()).withNamespace(namespace)
        .addToLabels(INSTALLATION_LABEL, launch.installation()).addToLabels(POOL_LABEL, launch.pool()).endMetadata()
        .withNewSpec()
        .addToSelector(WORKLOAD_LABEL, launch.workload())
        .withPorts(launch.ports().stream()
            .map(p -> new ServicePortBuilder().withName(p.name()).withPort(p.containerPort()).withTargetPort(new IntOrString(p.containerPort())).build())
            .toList())
        .endSpec()
        .build();
  }

  @Override
  public Map<String, String> endpoints(String handle, List<Port> ports) {
    String[] parts = handle.split("/");
    if (parts.length != 3 || !parts[1].equals("deployment")) {
      return Map.of();
    }
    Deployment deployment = client.apps().deployments().inNamespace(parts[0]).withName(parts[2]).get();
    String workload = deployment == null ? null : deployment.getSpec().getTemplate().getMetadata().getLabels().get(WORKLOAD_LABEL);
    if (workload == null) {
      return Map.of();
    }
    Map<String, String> endpoints = new java.util.TreeMap<>();
    ports.forEach(p -> endpoints.put(p.name(), workload + "." + parts[0] + ".svc:" + p.containerPort()));
    return endpoints;
  }

  /** The health check as a probe, or null without one. */
  private static Probe probe(HealthCheck check, int initialDelay) {
    if (check == null) {
      return null;
    }
    ProbeBuilder probe =
        new ProbeBuilder()
            .withInitialDelaySeconds(initialDelay)
            .withPeriodSeconds(check.intervalSeconds())
            .withTimeoutSeconds(check.timeoutSeconds())
            .withFailureThreshold(check.failureThreshold());
    if (check.http() != null) {
      probe.withNewHttpGet().withPort(new IntOrString(check.http().port())).withPath(check.http().path()).endHttpGet();
    } else {
      probe.withNewExec().withCommand(check.command()).endExec();
    }
    return probe.build();
  }

  private static Observation jobPhase(Job job) {
    var status = job.getStatus();
    if (status == null) {
      return new Observation(Observation.Phase.STARTING, null);
    }
    if (status.getSucceeded() != null && status.getSucceeded() > 0) {
      return new Observation(Observation.Phase.SUCCEEDED, null);
    }
    if (status.getFailed() != null && status.getFailed() > 0) {
      String reason = status.getConditions() == null ? "job failed"
          : status.getConditions().stream().map(c -> c.getMessage()).filter(m -> m != null).findFirst().orElse("job failed");
      return new Observation(Observation.Phase.FAILED, reason);
    }
    return status.getActive() != null && status.getActive() > 0 ? Observation.running() : new Observation(Observation.Phase.STARTING, null);
  }

  private static BigDecimal amount(Quantity quantity) {
    return quantity == null ? BigDecimal.ZERO : quantity.getNumericalAmount();
  }
}
