package dev.ferry.engine.copy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.core.PrivateFiles;
import dev.ferry.engine.core.RejectFiles;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run's rejected rows: one JSON-lines file per target table ({@code <table>.rejects.jsonl}),
 * each line the source table, the row's key, the reason (PostgreSQL's message and SQLSTATE, or
 * Ferry's own check) and every value. Files are appended, so a resumed run keeps earlier rejects.
 */
public final class RejectLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;
  private final long budget;
  private final AtomicLong total = new AtomicLong();
  private final Map<String, BufferedWriter> writers = new HashMap<>();
  private final Map<String, AtomicLong> perTable = new HashMap<>();

  private final MigrationListener listener;

  public RejectLog(Path dir, long budget, MigrationListener listener) {
    this.dir = dir;
    this.budget = budget;
    this.listener = listener;
  }

  public Path directory() {
    return dir;
  }

  public Path file(String targetTable) {
    return dir.resolve(RejectFiles.fileName(targetTable));
  }

  /** Records a rejected row; throws when the error budget is spent. */
  public void reject(
      String sourceTable,
      String targetTable,
      int chunk,
      List<String> keyColumns,
      Map<String, String> values,
      String column,
      String reason,
      String sqlState,
      Long rowHash) {
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("table", sourceTable);
    rec.put("target", targetTable);
    rec.put("chunk", chunk);
    Map<String, String> key = new LinkedHashMap<>();
    for (String k : keyColumns) {
      key.put(k, values.get(k));
    }
    rec.put("key", key);
    if (column != null) {
      rec.put("column", column);
    }
    rec.put("reason", reason);
    if (sqlState != null) {
      rec.put("sqlstate", sqlState);
    }
    rec.put("values", values);
    if (rowHash != null) {
      // the row's validation hash: validation subtracts rejected rows from the source's checksum
      rec.put("rowHash", rowHash);
    }
    try {
      String line = JSON.writeValueAsString(rec);
      synchronized (this) {
        BufferedWriter w = writers.get(targetTable);
        if (w == null) {
          w = PrivateFiles.newWriter(file(targetTable), StandardOpenOption.APPEND);
          writers.put(targetTable, w);
        }
        w.write(line);
        w.newLine();
        w.flush();
        perTable.computeIfAbsent(targetTable, k -> new AtomicLong()).incrementAndGet();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write reject file in " + dir, e);
    }
    listener.onEvent(new MigrationEvent.RowRejected(targetTable, key.toString(), reason));
    long n = total.incrementAndGet();
    if (n > budget) {
      throw new ErrorBudgetExceededException(n, budget, dir);
    }
  }

  /**
   * Drops from the reject files the rows of chunks that never committed (a run killed or cancelled
   * in the middle of a chunk): the resumed run loads those chunks again and rejects their bad rows
   * again, and the files must list each rejected row once.
   */
  public synchronized void pruneUncommitted(Map<String, Set<Integer>> committed)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".rejects.jsonl")).toList()) {
        List<String> keep = new ArrayList<>();
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          var n = JSON.readTree(line);
          var done = committed.getOrDefault(n.get("target").asText(), Set.of());
          if (n.has("chunk") && done.contains(n.get("chunk").asInt())) {
            keep.add(line);
          }
        }
        if (keep.isEmpty()) {
          Files.delete(f);
        } else {
          // rewritten whole or not at all (a crash leaves the old file), owner-only as written
          PrivateFiles.writeAtomically(
              f, (String.join("\n", keep) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        for (String line : keep) {
          String target = JSON.readTree(line).get("target").asText();
          perTable.computeIfAbsent(target, k -> new AtomicLong()).incrementAndGet();
          total.incrementAndGet();
        }
      }
    }
  }

  /**
   * Takes back the rows one chunk rejected, after its transaction was rolled back: the chunk's rows
   * are then neither loaded nor rejected, and loading it again rejects its bad rows again.
   */
  public synchronized void discard(String targetTable, int chunk) throws IOException {
    Path f = file(targetTable);
    BufferedWriter w = writers.remove(targetTable);
    if (w != null) {
      w.close();
    }
    if (!Files.exists(f)) {
      return;
    }
    List<String> keep = new ArrayList<>();
    long dropped = 0;
    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      var n = JSON.readTree(line);
      if (n.get("target").asText().equals(targetTable)
          && n.has("chunk")
          && n.get("chunk").asInt() == chunk) {
        dropped++;
      } else {
        keep.add(line);
      }
    }
    if (dropped == 0) {
      return;
    }
    if (keep.isEmpty()) {
      Files.delete(f);
    } else {
      Files.write(f, keep, StandardCharsets.UTF_8);
    }
    perTable.computeIfAbsent(targetTable, k -> new AtomicLong()).addAndGet(-dropped);
    total.addAndGet(-dropped);
  }

  public long total() {
    return total.get();
  }

  public synchronized long count(String targetTable) {
    AtomicLong n = perTable.get(targetTable);
    return n == null ? 0 : n.get();
  }

  @Override
  public synchronized void close() throws IOException {
    for (BufferedWriter w : writers.values()) {
      w.close();
    }
    writers.clear();
  }
}
