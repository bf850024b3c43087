package dev.ferry.engine;

import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.PrivateFiles;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.journal.Ledger;
import dev.ferry.engine.journal.RunJournal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run tells as it goes: warnings (to the listener, the journal and the result), the ledger's
 * entries (to the journal, where a resumed run finds them) and a failure's stack trace (to the
 * run's folder). Before the journal is attached, warnings still reach the listener and the result.
 */
final class RunLog {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

  private final MigrationListener listener;
  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  private volatile RunJournal journal;
  private volatile String runId;

  RunLog(MigrationListener listener) {
    this.listener = listener;
  }

  /** From now on, warnings and ledger entries are journaled for this run. */
  void attach(RunJournal journal, String runId) {
    this.journal = journal;
    this.runId = runId;
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  void warn(String message) {
    warnings.add(message);
    listener.onEvent(new MigrationEvent.Warning(null, message));
    if (journal != null && runId != null) {
      try {
        journal.event(runId, "warning", null, message);
      } catch (SQLException e) {
        LOG.warn("could not journal a warning: {}", e.getMessage());
      }
    }
    LOG.warn(message);
  }

  /** Journals what became of a planned object, so a resumed run's result still has it. */
  void record(LedgerEntry entry) {
    try {
      Ledger.write(journal, runId, entry);
    } catch (SQLException e) {
      LOG.warn("could not journal {}: {}", entry.object(), e.getMessage());
    }
  }

  /** Keeps a failure's stack trace in the run's folder ({@code failure.log}); -v also prints it. */
  void failure(Path runDir, Exception e) {
    LOG.debug("run {} failed", runId, e);
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    try {
      PrivateFiles.writeString(runDir.resolve("failure.log"), trace.toString());
    } catch (IOException io) {
      LOG.warn("could not write {}: {}", runDir.resolve("failure.log"), io.getMessage());
    }
  }
}
