package dev.ferry.ui.common;

import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Control;
import javafx.scene.control.TextInputControl;

/**
 * Keeps the keyboard where the DBA was: a button disabled while its work runs (Test, Start,
 * Validate again) hands the focus on, and gets it back when it is enabled again — unless the DBA
 * has moved on meanwhile — so Space or Enter never lands somewhere unexpected. A page that opens
 * puts the focus on its first field.
 */
public final class FocusKeeper {
  private FocusKeeper() {}

  public static void install(Scene scene) {
    Waiting waiting = new Waiting();
    scene
        .focusOwnerProperty()
        .addListener(
            (o, old, now) -> {
              if (waiting.from != null && old == waiting.movedTo && old == null) {
                // the scene first drops the focus, then gives it to the next control it finds
                waiting.movedTo = now;
                return;
              }
              if (old == null || !old.isDisabled() || old.getScene() != scene) {
                return;
              }
              waiting.from = old;
              waiting.movedTo = now;
              ChangeListener<Boolean> back =
                  new ChangeListener<>() {
                    @Override
                    public void changed(
                        javafx.beans.value.ObservableValue<? extends Boolean> ob,
                        Boolean was,
                        Boolean disabled) {
                      if (disabled) {
                        return;
                      }
                      old.disabledProperty().removeListener(this);
                      boolean untouched = scene.getFocusOwner() == waiting.movedTo;
                      if (waiting.from == old) {
                        waiting.from = null;
                        waiting.movedTo = null;
                      }
                      if (untouched && old.getScene() == scene && old.isVisible()) {
                        old.requestFocus();
                      }
                    }
                  };
              old.disabledProperty().addListener(back);
            });
  }

  /**
   * The control that lost the focus by being disabled, and where the focus went without the DBA.
   */
  private static final class Waiting {
    Node from;
    Node movedTo;
  }

  /** Focuses the page's first field (else its first button) that can take the keyboard. */
  public static void focusFirst(Node page) {
    Node field = first(page, true);
    Node target = field != null ? field : first(page, false);
    if (target != null) {
      target.requestFocus();
    }
  }

  private static Node first(Node n, boolean fieldsOnly) {
    if (!n.isVisible() || n.isDisabled()) {
      return null;
    }
    if (n instanceof Control c && c.isFocusTraversable()) {
      boolean field = c instanceof TextInputControl || c instanceof ComboBoxBase<?>;
      if (field || (!fieldsOnly && c instanceof ButtonBase)) {
        return c;
      }
    }
    if (n instanceof Parent p) {
      for (Node child : p.getChildrenUnmodifiable()) {
        Node found = first(child, fieldsOnly);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
