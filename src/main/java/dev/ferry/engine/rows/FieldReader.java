package dev.ferry.engine.rows;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads one column of the current source row and writes its target value into a batch. */
@FunctionalInterface
public interface FieldReader {
  void read(ResultSet rs, int index, CopyBatch out) throws SQLException, BadValueException;
}
