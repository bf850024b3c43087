package dev.ferry.report;

import dev.ferry.engine.checklist.Checklist;
import dev.ferry.engine.checklist.Evidence;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.journal.RunProvenance;
import dev.ferry.engine.journal.SignOff;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything a report shows about one run. */
public record RunReport(
    MigrationResult result,
    Checklist checklist,
    Map<String, Evidence> evidence,
    List<SignOff> signOffs,
    Instant generatedAt,
    List<MigrationEvent.Span> timeline,
    RunProvenance provenance) {

  public RunReport {
    timeline = timeline == null ? List.of() : List.copyOf(timeline);
  }

  /**
   * A report without the run's timeline and provenance (each shown only when the journal gave it).
   */
  public RunReport(
      MigrationResult result,
      Checklist checklist,
      Map<String, Evidence> evidence,
      List<SignOff> signOffs,
      Instant generatedAt) {
    this(result, checklist, evidence, signOffs, generatedAt, List.of(), null);
  }

  /** This report with the run's timeline from the journal. */
  public RunReport withTimeline(List<MigrationEvent.Span> spans) {
    return new RunReport(result, checklist, evidence, signOffs, generatedAt, spans, provenance);
  }

  /** This report with where the run came from and went to, who ran it and when. */
  public RunReport withProvenance(RunProvenance p) {
    return new RunReport(result, checklist, evidence, signOffs, generatedAt, timeline, p);
  }

  /** A checklist item's state in the report: proved by Ferry, signed by an operator, or open. */
  public record ItemState(Checklist.Item item, String state, String detail) {}

  public List<ItemState> items() {
    if (checklist == null) {
      return List.of();
    }
    return checklist.items().stream().map(this::state).toList();
  }

  private ItemState state(Checklist.Item i) {
    Evidence e = i.proof() == null ? null : evidence.get(i.proof());
    if (e != null && e.proved()) {
      return new ItemState(i, "proved", e.text());
    }
    SignOff s = signOffs.stream().filter(x -> x.item().equals(i.id())).findFirst().orElse(null);
    if (s != null) {
      return new ItemState(
          i,
          "signed",
          s.operator()
              + " at "
              + s.at()
              + (s.note() == null || s.note().isBlank() ? "" : ": " + s.note()));
    }
    return new ItemState(i, "open", e == null ? "" : e.text());
  }
}
