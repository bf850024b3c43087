package dev.ferry.engine.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.TestDatabases;
import dev.ferry.engine.core.RefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An approval holds for the scripts and the target it was given for, not for another target. */
class ApprovalsTest {
  @TempDir Path dir;

  @Test
  void anApprovalForOneDatabaseDoesNotLetTheSameScriptsMigrateAnother() throws Exception {
    Path m = Files.createDirectories(dir.resolve("migrations"));
    Files.writeString(m.resolve("V1__base.sql"), "CREATE TABLE accounts (id bigint PRIMARY KEY);");
    Files.writeString(m.resolve("ferry-change.yaml"), "approvals: [DBA]\n");
    Path ws = dir.resolve("ws");
    try (TestDatabases.Scratch a = TestDatabases.postgres();
        TestDatabases.Scratch b = TestDatabases.postgres()) {
      ChangeProject onA =
          ChangeProject.configure().target(a.spec()).migrations(m).workspace(ws).load();
      ChangeProject onB =
          ChangeProject.configure().target(b.spec()).migrations(m).workspace(ws).load();
      assertThat(onA.changeId(null)).isEqualTo(onB.changeId(null)); // the same scripts
      onA.approve("DBA", "ann", null, null);
      assertThat(onA.approvals(null)).singleElement().matches(ChangeControl.Approval::approved);
      assertThat(onB.approvals(null)).singleElement().matches(a2 -> !a2.approved());

      assertThatThrownBy(() -> onB.migrate(null))
          .isInstanceOf(RefusedException.class)
          .hasMessageContaining("need approval by DBA")
          .hasMessageContaining("given by DBA for database " + a.name() + " (system identifier ")
          .hasMessageContaining("not for database " + b.name());
      assertThat(b.column("SELECT relname FROM pg_class WHERE relname = 'accounts'")).isEmpty();

      assertThat(onA.migrate(null).count()).isEqualTo(1);
      onB.approve("DBA", "bob", null, null);
      assertThat(onB.migrate(null).count()).isEqualTo(1);
    }
  }

  @Test
  void onePersonApprovingTwoRolesIsWarnedOrRefusedAsTheProjectSays() throws Exception {
    Path m = Files.createDirectories(dir.resolve("migrations"));
    Files.writeString(m.resolve("V1__base.sql"), "CREATE TABLE accounts (id bigint PRIMARY KEY);");
    Files.writeString(m.resolve("ferry-change.yaml"), "approvals: [DBA, Security]\n");
    try (TestDatabases.Scratch a = TestDatabases.postgres()) {
      ChangeProject p =
          ChangeProject.configure()
              .target(a.spec())
              .migrations(m)
              .workspace(dir.resolve("ws"))
              .load();
      p.approve("DBA", "ann", "looked at the locks", null);
      var second = p.approve("Security", "Ann", null, null);
      assertThat(second.note())
          .startsWith("WARNING: Ann already approved these scripts as DBA")
          .contains("as Security too");

      Files.writeString(
          m.resolve("ferry-change.yaml"), "approvals: [DBA, Security]\nsameApprover: refuse\n");
      Files.writeString(m.resolve("V2__more.sql"), "CREATE TABLE notes (id bigint PRIMARY KEY);");
      p.approve("DBA", "ann", null, null);
      assertThatThrownBy(() -> p.approve("Security", "ann", null, null))
          .hasMessageContaining("already approved these scripts as DBA")
          .hasMessageContaining("sameApprover: refuse");
      p.approve("Security", "sam", null, null);
      assertThat(p.approvals(null)).allMatch(ChangeControl.Approval::approved);
    }
  }
}
