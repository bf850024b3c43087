package dev.ferry.engine;

/**
 * Ferry refused to start and wrote nothing: target tables exist under the FAIL policy, the plan no
 * longer matches the source, or BLOCKER findings are open. The message lists every reason.
 */
public final class RefusedException extends FerryException {
  public RefusedException(String message) {
    super(message);
  }
}
