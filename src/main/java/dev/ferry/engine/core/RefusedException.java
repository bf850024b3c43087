package dev.ferry.engine.core;

/**
 * Ferry refused to start and wrote nothing: target tables exist under the FAIL policy, the plan no
 * longer matches the source, or BLOCKER findings are open. The message lists every reason.
 */
public final class RefusedException extends FerryException {
  private static final long serialVersionUID = 1L;

  public RefusedException(String message) {
    super(message);
  }
}
