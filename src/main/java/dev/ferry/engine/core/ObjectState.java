package dev.ferry.engine.core;

/** What became of a planned object on the target. */
public enum ObjectState {
  /** Created as planned. */
  CREATED,
  /**
   * Created, changed on the way as the plan says (a type mapped, a default translated or dropped).
   */
  TRANSLATED,
  /** In the source, left out by the plan (a table not included). */
  SKIPPED,
  /** Already there and kept by the plan's ifExists policy (append or truncate). */
  KEPT,
  /** Not made on its own: it duplicated another object (named in the entry) that covers it. */
  FOLDED,
  /** Not created: the target refused it; the entry says why. */
  FAILED,
  /** In the source, not made on the target by design (a kind Ferry does not carry); says why. */
  NOT_CARRIED
}
