/**
 * A source row read and encoded as PostgreSQL COPY text: {@code RowSource} (JDBC cursor or a
 * PostgreSQL source's own COPY), {@code FieldReader}s built per column transform, the {@code
 * CopyBatch} buffer with its escaping and UTF-8 checks, time parsing and formatting, and the bad
 * value a reader refuses. Below the dialects, which choose the readers; uses only {@code cast}.
 */
package dev.ferry.engine.rows;
