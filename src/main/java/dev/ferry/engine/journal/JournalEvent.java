package dev.ferry.engine.journal;

import java.time.Instant;

/** One line of the journal's event log. */
public record JournalEvent(Instant at, String kind, String object, String message) {}
