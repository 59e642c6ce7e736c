package dev.atrium.portal.ui.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An audited change read field by field: only what differs, nested fields by their path. */
class AuditDiffTest {

  @Test
  void onlyTheFieldsThatDifferAreShownWithTheirPaths() {
    assertThat(AuditDiff.of(
            "{\"displayName\":\"Initech\",\"state\":\"ACTIVE\",\"quota\":{\"cpuMillis\":2000,\"gpus\":0}}",
            "{\"displayName\":\"Initech\",\"state\":\"SUSPENDED\",\"quota\":{\"cpuMillis\":4000,\"gpus\":0}}"))
        .containsExactly(new AuditDiff.Change("state", "ACTIVE", "SUSPENDED"), new AuditDiff.Change("quota.cpuMillis", "2000", "4000"));
  }

  @Test
  void aCreationShowsEveryFieldAsNewAndARemovalAsGone() {
    assertThat(AuditDiff.of(null, "{\"role\":\"tenant-admin\",\"tags\":[\"a\"]}"))
        .containsExactly(new AuditDiff.Change("role", null, "tenant-admin"), new AuditDiff.Change("tags", null, "[\"a\"]"));
    assertThat(AuditDiff.of("{\"role\":\"tenant-viewer\"}", null)).containsExactly(new AuditDiff.Change("role", "tenant-viewer", null));
    assertThat(AuditDiff.of(null, null)).isEmpty();
  }
}
