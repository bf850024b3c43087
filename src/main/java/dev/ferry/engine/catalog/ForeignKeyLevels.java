package dev.ferry.engine.catalog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The foreign-key graph in levels, as a DBA orders a load by hand: level 0 references no other
 * table; otherwise a table's level is 1 + the highest level it references. Self-references do not
 * count. Tables in a cycle share one level (the cycle is loaded together, its foreign keys added
 * after the data); {@link #cycles()} lists them.
 */
public final class ForeignKeyLevels {
  private final Map<TableId, Integer> levels = new LinkedHashMap<>();
  private final List<List<TableId>> cycles = new ArrayList<>();
  private final List<TableId> selfReferencing = new ArrayList<>();
  private final Map<TableId, List<TableId>> references = new LinkedHashMap<>();

  public ForeignKeyLevels(List<Table> tables) {
    Map<TableId, List<TableId>> refs = new LinkedHashMap<>();
    Map<String, TableId> byName = new HashMap<>();
    for (Table t : tables) {
      byName.put(key(t.id()), t.id());
    }
    for (Table t : tables) {
      List<TableId> out = new ArrayList<>();
      for (ForeignKey fk : t.foreignKeys()) {
        TableId ref = byName.get(key(fk.references()));
        if (ref == null) {
          continue;
        }
        if (ref.equals(t.id())) {
          if (!selfReferencing.contains(t.id())) {
            selfReferencing.add(t.id());
          }
        } else if (!out.contains(ref)) {
          out.add(ref);
        }
      }
      refs.put(t.id(), out);
    }
    references.putAll(refs);
    List<List<TableId>> sccs = stronglyConnected(refs);
    Map<TableId, Integer> component = new HashMap<>();
    for (int i = 0; i < sccs.size(); i++) {
      for (TableId id : sccs.get(i)) {
        component.put(id, i);
      }
      if (sccs.get(i).size() > 1) {
        cycles.add(sccs.get(i));
      }
    }
    // Tarjan emits components in reverse topological order: referenced components come first
    int[] compLevel = new int[sccs.size()];
    for (int i = 0; i < sccs.size(); i++) {
      int level = 0;
      for (TableId id : sccs.get(i)) {
        for (TableId ref : refs.get(id)) {
          int rc = component.get(ref);
          if (rc != i) {
            level = Math.max(level, compLevel[rc] + 1);
          }
        }
      }
      compLevel[i] = level;
    }
    for (Table t : tables) {
      levels.put(t.id(), compLevel[component.get(t.id())]);
    }
  }

  private static String key(TableId id) {
    return id.source() + "\u0000" + id.schema() + "\u0000" + id.name().toLowerCase(Locale.ROOT);
  }

  /** The other tables of the graph {@code id} references (self-references not included). */
  public List<TableId> references(TableId id) {
    return List.copyOf(references.getOrDefault(id, List.of()));
  }

  public int level(TableId id) {
    return levels.getOrDefault(id, 0);
  }

  public Map<TableId, Integer> levels() {
    return levels;
  }

  public int maxLevel() {
    return levels.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  public List<List<TableId>> cycles() {
    return cycles;
  }

  public List<TableId> selfReferencing() {
    return selfReferencing;
  }

  /** True when both tables are in the same cycle (their foreign key must wait for the data). */
  public boolean inSameCycle(TableId a, TableId b) {
    return cycles.stream().anyMatch(c -> c.contains(a) && c.contains(b));
  }

  /** Tables of each level, level 0 first. */
  public Map<Integer, Set<String>> byLevel() {
    Map<Integer, Set<String>> out = new TreeMap<>();
    levels.forEach((id, l) -> out.computeIfAbsent(l, k -> new TreeSet<>()).add(id.label()));
    return out;
  }

  private static List<List<TableId>> stronglyConnected(Map<TableId, List<TableId>> graph) {
    Map<TableId, Integer> index = new HashMap<>();
    Map<TableId, Integer> low = new HashMap<>();
    Deque<TableId> stack = new ArrayDeque<>();
    Set<TableId> onStack = new HashSet<>();
    List<List<TableId>> out = new ArrayList<>();
    int[] counter = {0};
    for (TableId v : graph.keySet()) {
      if (!index.containsKey(v)) {
        strongConnect(v, graph, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void strongConnect(
      TableId v,
      Map<TableId, List<TableId>> graph,
      Map<TableId, Integer> index,
      Map<TableId, Integer> low,
      Deque<TableId> stack,
      Set<TableId> onStack,
      List<List<TableId>> out,
      int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]);
    counter[0]++;
    stack.push(v);
    onStack.add(v);
    for (TableId w : graph.getOrDefault(v, List.of())) {
      if (!index.containsKey(w)) {
        strongConnect(w, graph, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<TableId> comp = new ArrayList<>();
      TableId w;
      do {
        w = stack.pop();
        onStack.remove(w);
        comp.add(w);
      } while (!w.equals(v));
      out.add(comp);
    }
  }
}
