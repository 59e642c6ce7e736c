package dev.atrium.cluster.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.cluster.driver.ClusterDriver;
import dev.atrium.cluster.driver.TaskLaunch;
import dev.atrium.cluster.pool.Fleet;
import dev.atrium.cluster.pool.Node;
import dev.atrium.cluster.pool.Resources;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.NotFoundException;
import dev.atrium.tenancy.quota.Quota;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Atrium dies between starting a container and recording it; the next reconciler adopts that
 * container instead of starting another, and a container removed behind Atrium's back is LOST with
 * its node and quota given back. Real containers on the local pool.
 */
@TestPropertySource(
    properties = {
      // In place of the sim pool; the other pools stay as every cluster test defines them, since all
      // tests share one database and a pool's nodes follow its last definition.
      "atrium.cluster.pools[0].name=local",
      "atrium.cluster.pools[0].driver=local"
    })
class RestartTest extends ClusterTestBase {

  @Autowired Fleet fleet;
  @Autowired TaskLogs logs;

  @Test
  void aLaunchCutShortByACrashIsAdoptedNotRepeatedAndAVanishedContainerIsLost() throws Exception {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(2000, 1024, 0, 5));
    Resources before = allocated();
    WorkloadSpec spec =
        WorkloadSpecs.service("web").command("sleep", "600").cpu(250).on("local");
    Workload web = workloads.create(admin, slug, spec);
    Task task = web.tasks().get(0);
    ClusterDriver local = fleet.driver("local").orElseThrow();

    // The container starts, then Atrium dies before it writes the handle down.
    String container = local.launch(new TaskLaunch(installation(), "local", task.id(), slug, "web", "local", spec.image(), spec.command(), Map.of(), 250, 64, 0, false, null, null, java.util.List.of()));

    reconciler.round(); // the restarted Atrium: launches staged tasks, finds the container instead
    reconciler.round(); // and observes it running
    Task adopted = workloads.get(admin, slug, web.id()).tasks().get(0);
    assertThat(adopted.state()).isEqualTo(TaskState.RUNNING);
    assertThat(adopted.handle()).isEqualTo(container);
    assertThat(containersOf(task)).isEqualTo(1);
    assertThat(allocated().minus(before)).isEqualTo(new Resources(250, 64, 0));

    // Someone removes the container behind Atrium's back.
    local.kill(container);
    reconciler.round();

    List<Task> tasks = workloads.get(admin, slug, web.id()).tasks();
    assertThat(tasks.get(0).state()).isEqualTo(TaskState.LOST);
    assertThat(tasks.get(0).reason()).contains("vanished");
    assertThat(allocated()).isEqualTo(before);
    assertThat(tasks.get(1).state()).as("a lost service instance is replaced").isEqualTo(TaskState.PENDING);
    assertThat(tasks.get(1).restarts()).isEqualTo(1);
    assertThat(quotas.get(ADMIN, slug).usage()).as("the replacement keeps the quota").isEqualTo(new Quota(250, 64, 0, 1));
    workloads.delete(admin, slug, web.id());
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(Quota.NONE);
  }

  @Test
  void anEngineThatRefusesAJobsLaunchFailsItWithTheEnginesWordsAndReleasesItsHolds() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(2000, 1024, 0, 5));
    Resources before = allocated();
    WorkloadSpec missing =
        WorkloadSpecs.job("ghost").image("localhost/no-such-image:1").command("true").cpu(250).on("local");
    Workload ghost = workloads.create(admin, slug, missing);

    reconciler.round();

    Task failed = workloads.get(admin, slug, ghost.id()).tasks().get(0);
    assertThat(failed.state()).isEqualTo(TaskState.FAILED);
    assertThat(failed.reason()).contains("no-such-image");
    assertThat(workloads.get(admin, slug, ghost.id()).state()).isEqualTo("FAILED");
    assertThat(allocated()).isEqualTo(before);
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(new Quota(0, 0, 0, 1));
  }

  @Test
  void aServiceWhoseLaunchTheEngineRefusesIsReplacedAfterABackoffAndKeepsItsQuota() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(2000, 1024, 0, 5));
    Resources before = allocated();
    WorkloadSpec missing =
        WorkloadSpecs.service("ghost").image("localhost/no-such-image:1").command("true").cpu(250).on("local");
    Workload ghost = workloads.create(admin, slug, missing);

    reconciler.round();

    List<Task> tasks = workloads.get(admin, slug, ghost.id()).tasks();
    assertThat(tasks).hasSize(2);
    assertThat(tasks.get(0).state()).isEqualTo(TaskState.FAILED);
    assertThat(tasks.get(0).reason()).contains("no-such-image");
    assertThat(tasks.get(1).state()).isEqualTo(TaskState.PENDING);
    assertThat(tasks.get(1).restarts()).isEqualTo(1);
    assertThat(allocated()).as("the failed task's node is given back").isEqualTo(before);
    assertThat(quotas.get(ADMIN, slug).usage()).as("the replacement keeps the quota").isEqualTo(new Quota(250, 64, 0, 1));
    workloads.delete(admin, slug, ghost.id());
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(Quota.NONE);
  }

  @Test
  void aServiceWhoseContainerFailsIsReplacedAfterABackoffAndKeepsItsQuota() throws Exception {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(2000, 1024, 0, 5));
    WorkloadSpec crashing =
        WorkloadSpecs.service("crashy").command("sh", "-c", "exit 1").cpu(250).on("local");
    Workload crashy = workloads.create(admin, slug, crashing);

    for (int i = 0; i < 50; i++) {
      reconciler.round();
      if (workloads.get(admin, slug, crashy.id()).tasks().size() > 1 && containersOf(workloads.get(admin, slug, crashy.id()).tasks().get(0)) == 0) {
        break;
      }
      sleep(200);
    }

    List<Task> tasks = workloads.get(admin, slug, crashy.id()).tasks();
    assertThat(tasks).hasSize(2);
    assertThat(tasks.get(0).state()).isEqualTo(TaskState.FAILED);
    assertThat(tasks.get(0).reason()).startsWith("exited with code 1");
    assertThat(tasks.get(1).state()).isEqualTo(TaskState.PENDING);
    assertThat(tasks.get(1).restarts()).isEqualTo(1);
    assertThat(tasks.get(1).reason()).contains("restarting after failure");
    assertThat(quotas.get(ADMIN, slug).usage()).as("the replacement keeps the quota").isEqualTo(new Quota(250, 64, 0, 1));
    assertThat(containersOf(tasks.get(0))).as("the failed container is removed").isZero();
    workloads.delete(admin, slug, crashy.id());
    assertThat(quotas.get(ADMIN, slug).usage()).isEqualTo(Quota.NONE);
  }

  @Test
  void aTasksOutputIsReadByItsTenantsMembersOnly() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(2000, 1024, 0, 5));
    String other = uniqueSlug();
    Actor stranger = newTenant(other, new Quota(2000, 1024, 0, 5));
    Workload talker = workloads.create(admin, slug, WorkloadSpecs.service("talker").command("sh", "-c", "echo hello from atrium; sleep 600").cpu(250).on("local"));
    reconciler.round();
    Task task = workloads.get(admin, slug, talker.id()).tasks().get(0);

    List<String> lines = List.of();
    for (int i = 0; i < 50 && lines.isEmpty(); i++) {
      lines = logs.tail(admin, slug, talker.id(), task.id(), 10);
      sleep(100);
    }
    assertThat(lines).contains("hello from atrium");
    assertThatThrownBy(() -> logs.tail(stranger, slug, talker.id(), task.id(), 10)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> logs.tail(stranger, other, talker.id(), task.id(), 10)).isInstanceOf(NotFoundException.class);
    workloads.delete(admin, slug, talker.id());
  }

  private String installation() {
    return fleet.installation();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long containersOf(Task task) throws Exception {
    var field = dev.atrium.cluster.driver.local.LocalDriver.class.getDeclaredField("docker");
    field.setAccessible(true);
    @SuppressWarnings("unchecked")
    DockerClient docker = ((java.util.Optional<DockerClient>) field.get(fleet.driver("local").orElseThrow())).orElseThrow();
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.atrium.task", task.id().toString())).exec().size();
  }

  private Resources allocated() {
    return fleet.nodes("local").stream().map(Node::allocated).reduce(Resources.NONE, Resources::plus);
  }
}
