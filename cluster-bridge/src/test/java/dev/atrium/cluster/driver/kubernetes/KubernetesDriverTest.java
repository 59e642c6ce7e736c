package dev.atrium.cluster.driver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.ClusterDriverContract;
import dev.atrium.cluster.driver.TaskLaunch;
import dev.atrium.cluster.endpoint.Port;
import dev.atrium.cluster.health.HealthCheck;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes driver against fabric8's API-server mock in CRUD mode: objects are stored as a
 * cluster would, and {@link #engineProgresses} plays the cluster's controllers by setting status.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesDriverTest extends ClusterDriverContract {

  static KubernetesClient client;
  private KubernetesDriver kubernetes;

  @BeforeEach
  void cluster() {
    for (String name : List.of("worker-1", "worker-2")) {
      client.nodes().resource(new NodeBuilder()
              .withNewMetadata().withName(name).addToLabels("zone", "a").endMetadata()
              .withNewStatus().addToAllocatable("cpu", new Quantity("8")).addToAllocatable("memory", new Quantity("32Gi"))
              .addToAllocatable(KubernetesDriver.GPU, new Quantity(name.equals("worker-2") ? "2" : "0")).endStatus()
              .build())
          .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    }
    kubernetes = new KubernetesDriver(client);
  }

  @Override
  protected ClusterDriver driver() {
    return kubernetes;
  }

  @Override
  protected TaskLaunch launch(UUID taskId, boolean shortJob) {
    return launch(taskId, "busybox:1", shortJob ? List.of("sh", "-c", "sleep 1") : List.of("sleep", "3600"), shortJob, null);
  }

  @Override
  protected void engineProgresses(String handle) {
    String[] parts = handle.split("/");
    if (parts[1].equals("job")) {
      Job job = client.batch().v1().jobs().inNamespace(parts[0]).withName(parts[2]).get();
      if (job != null) {
        job.setStatus(new JobStatusBuilder().withSucceeded(1).build());
        client.resource(job).update();
      }
    } else {
      Deployment deployment = client.apps().deployments().inNamespace(parts[0]).withName(parts[2]).get();
      if (deployment != null) {
        deployment.setStatus(new DeploymentStatusBuilder().withAvailableReplicas(1).withReplicas(1).build());
        client.resource(deployment).update();
      }
    }
  }

  @Test
  void nodesCarryTheirAllocatableCapacityAndLabels() {
    assertThat(kubernetes.nodes())
        .extracting(n -> n.name() + ":" + n.cpuMillis() + ":" + n.memoryMiB() + ":" + n.gpus() + ":" + n.labels().get("zone"))
        .containsExactlyInAnyOrder("worker-1:8000:32768:0:a", "worker-2:8000:32768:2:a");
  }

  @Test
  void aServiceTaskIsADeploymentPinnedToItsNodeWithItsLimitsInTheTenantsNamespace() throws Exception {
    UUID task = UUID.randomUUID();
    String handle = start(new TaskLaunch("test-installation", "fleet", task, "tenant-1", "web", "worker-2", "busybox:1", List.of("sleep", "1"), java.util.Map.of("MODE", "demo"), 500, 256, 1, false, null, null, java.util.List.of()));

    assertThat(handle).isEqualTo("atrium-tenant-1/deployment/atrium-" + task);
    Deployment deployment = client.apps().deployments().inNamespace("atrium-tenant-1").withName("atrium-" + task).get();
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeName()).isEqualTo("worker-2");
    var limits = pod.getContainers().get(0).getResources().getLimits();
    assertThat(limits.get("cpu")).isEqualTo(new Quantity("500m"));
    assertThat(limits.get("memory")).isEqualTo(new Quantity("256Mi"));
    assertThat(limits.get(KubernetesDriver.GPU)).isEqualTo(new Quantity("1"));
    assertThat(pod.getContainers().get(0).getEnv()).extracting(e -> e.getName() + "=" + e.getValue()).containsExactly("MODE=demo");
  }

  @Test
  void aHealthCheckBecomesTheReadinessAndLivenessProbesOfTheTasksContainer() throws Exception {
    UUID task = UUID.randomUUID();
    HealthCheck check = new HealthCheck(null, new HealthCheck.Http(8080, "/health"), 5, 2, 3, 20).normalised();
    start(new TaskLaunch("test-installation", "fleet", task, "tenant-1", "web", "worker-1", "busybox:1", List.of("httpd", "-f"), java.util.Map.of(), 500, 256, 0, false, null, check, java.util.List.of()));

    var container = client.apps().deployments().inNamespace("atrium-tenant-1").withName("atrium-" + task).get().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
    assertThat(container.getReadinessProbe().getPeriodSeconds()).isEqualTo(5);
    assertThat(container.getReadinessProbe().getFailureThreshold()).isEqualTo(3);
    assertThat(container.getLivenessProbe().getInitialDelaySeconds()).isEqualTo(20);
    assertThat(container.getLivenessProbe().getTimeoutSeconds()).isEqualTo(2);

    UUID plain = UUID.randomUUID();
    start(new TaskLaunch("test-installation", "fleet", plain, "tenant-1", "web", "worker-1", "busybox:1", List.of("sleep", "1"), java.util.Map.of(), 500, 256, 0, false, null, null, java.util.List.of()));
    var without = client.apps().deployments().inNamespace("atrium-tenant-1").withName("atrium-" + plain).get().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(without.getReadinessProbe()).isNull();
  }

  @Test
  void aServicesPortsBecomeAKubernetesServiceInFrontOfItsTasks() throws Exception {
    UUID task = UUID.randomUUID();
    List<Port> ports = List.of(new Port("http", 8080), new Port("metrics", 9090));
    String handle = start(new TaskLaunch("test-installation", "fleet", task, "tenant-1", "shop", "worker-1", "busybox:1", List.of("httpd", "-f"), java.util.Map.of(), 500, 256, 0, false, null, null, ports));

    var service = client.services().inNamespace("atrium-tenant-1").withName("shop").get();
    assertThat(service.getSpec().getSelector()).containsEntry(KubernetesDriver.WORKLOAD_LABEL, "shop");
    assertThat(service.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort()).containsExactly("http:8080", "metrics:9090");
    var pod = client.apps().deployments().inNamespace("atrium-tenant-1").withName("atrium-" + task).get().getSpec().getTemplate();
    assertThat(pod.getMetadata().getLabels()).containsEntry(KubernetesDriver.WORKLOAD_LABEL, "shop");
    assertThat(kubernetes.endpoints(handle, ports)).containsExactly(
        java.util.Map.entry("http", "shop.atrium-tenant-1.svc:8080"), java.util.Map.entry("metrics", "shop.atrium-tenant-1.svc:9090"));

    // A second task of the shop shares the Service; it goes when the last of them is stopped.
    UUID second = UUID.randomUUID();
    String other = start(new TaskLaunch("test-installation", "fleet", second, "tenant-1", "shop", "worker-2", "busybox:1", List.of("httpd", "-f"), java.util.Map.of(), 500, 256, 0, false, null, null, ports));
    kubernetes.kill(handle);
    assertThat(client.services().inNamespace("atrium-tenant-1").withName("shop").get()).as("the other task still runs behind it").isNotNull();
    kubernetes.kill(other);
    assertThat(client.services().inNamespace("atrium-tenant-1").withName("shop").get()).isNull();
  }

  @Test
  void aTenantsQuotaIsMirroredAsAResourceQuota() throws Exception {
    UUID tenant = UUID.randomUUID();

    kubernetes.mirrorQuota(tenant, "acme", 4000, 8192, 0, 20);
    kubernetes.mirrorQuota(tenant, "acme", 6000, 8192, 0, 20);

    ResourceQuota quota = client.resourceQuotas().inNamespace("atrium-" + tenant).withName("atrium-quota").get();
    assertThat(quota.getSpec().getHard().get("requests.cpu")).isEqualTo(new Quantity("6000m"));
    assertThat(quota.getSpec().getHard().get("requests.memory")).isEqualTo(new Quantity("8192Mi"));
    assertThat(quota.getMetadata().getLabels()).containsEntry("dev.atrium/tenant", "acme");
  }
}
