package dev.atrium.cluster.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.cluster.ClusterTestBase;
import dev.atrium.tenancy.access.Actor;
import dev.atrium.tenancy.access.ValidationException;
import dev.atrium.tenancy.page.Page;
import dev.atrium.tenancy.page.PageRequest;
import dev.atrium.tenancy.quota.Quota;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A tenant's lists stay bounded however many workloads it has and however long they have lived. */
class WorkloadListsTest extends ClusterTestBase {

  @Test
  void workloadsArePagedNewestFirstWithACursor() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    List<UUID> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(workloads.create(admin, slug, service("w-" + i)).id());
    }

    List<UUID> seen = new ArrayList<>();
    Page<Workload> page = workloads.list(admin, slug, PageRequest.first(2));
    seen.addAll(page.items().stream().map(Workload::id).toList());
    while (page.nextCursor() != null) {
      assertThat(page.items()).hasSize(2);
      page = workloads.list(admin, slug, PageRequest.of(page.nextCursor(), 2));
      seen.addAll(page.items().stream().map(Workload::id).toList());
    }

    java.util.Collections.reverse(created);
    assertThat(seen).containsExactlyElementsOf(created);
    assertThatThrownBy(() -> workloads.list(admin, slug, PageRequest.of(cursorOf("not-a-key"), 2)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("cursor");
  }

  @Test
  void aWorkloadShowsItsLiveTasksAndItsLastTwentyEndedOnesAndPagesTheRest() {
    String slug = uniqueSlug();
    Actor admin = newTenant(slug, new Quota(100_000, 100_000, 0, 10));
    Workload web = workloads.create(admin, slug, service("web"));
    for (int i = 0; i < 25; i++) { // every scale-down ends a task: a long history
      workloads.scale(admin, slug, web.id(), 0);
      workloads.scale(admin, slug, web.id(), 1);
    }

    Workload shown = workloads.get(admin, slug, web.id());
    assertThat(shown.tasks()).filteredOn(t -> !t.state().ended()).hasSize(1);
    assertThat(shown.tasks()).filteredOn(t -> t.state().ended()).hasSize(WorkloadService.ENDED_SHOWN);
    assertThat(workloads.list(admin, slug, PageRequest.first(10)).items().get(0).tasks()).hasSize(21);

    List<Task> killed = new ArrayList<>();
    Page<Task> page = workloads.tasks(admin, slug, web.id(), TaskState.KILLED, PageRequest.first(10));
    killed.addAll(page.items());
    while (page.nextCursor() != null) {
      page = workloads.tasks(admin, slug, web.id(), TaskState.KILLED, PageRequest.of(page.nextCursor(), 10));
      killed.addAll(page.items());
    }
    assertThat(killed).hasSize(25).extracting(Task::id).doesNotHaveDuplicates();
    assertThat(killed).extracting(Task::createdAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(workloads.tasks(admin, slug, web.id(), null, PageRequest.first(500)).items()).hasSize(26);
  }

  private static WorkloadSpec service(String name) {
    return WorkloadSpecs.service(name).cpu(100).memory(64).instances(1).on("sim");
  }

  /** A cursor in the list's own encoding whose key is not one of its keys. */
  private static String cursorOf(String key) {
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("c1:" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
