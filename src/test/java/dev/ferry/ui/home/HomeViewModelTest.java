package dev.ferry.ui.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.ui.common.CurrentThreadTaskExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two consoles on one workspace each have their own demo: files, server, and its life. */
class HomeViewModelTest {
  @TempDir Path dir;

  @Test
  void twoConsolesOnOneWorkspaceHaveTheirOwnDemoAndClosingOneLeavesTheOther() throws Exception {
    Path ws = dir.resolve("ws");
    HomeViewModel first = new HomeViewModel(ws, new CurrentThreadTaskExecutor());
    HomeViewModel second = new HomeViewModel(ws, new CurrentThreadTaskExecutor());
    AtomicReference<HomeViewModel.Demo> a = new AtomicReference<>();
    AtomicReference<HomeViewModel.Demo> b = new AtomicReference<>();
    try {
      first.startDemo(a::set);
      second.startDemo(b::set);
      assertThat(a.get()).as(first.statusProperty().get()).isNotNull();
      assertThat(b.get()).as(second.statusProperty().get()).isNotNull();
      assertThat(a.get().files().get(0).getParent())
          .isNotEqualTo(b.get().files().get(0).getParent());
      assertThat(a.get().targetUrl()).isNotEqualTo(b.get().targetUrl());

      first.close();
      try (Connection c =
          ConnectionSpec.parse(b.get().targetUrl())
              .withPassword(b.get().targetPassword().reveal())
              .open()) {
        assertThat(c.isValid(5)).isTrue();
      }
    } finally {
      first.close();
      second.close();
    }
  }
}
