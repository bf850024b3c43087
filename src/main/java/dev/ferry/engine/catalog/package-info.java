/**
 * The neutral model of a database (tables, columns, keys, indexes, foreign keys, checks, views,
 * sequences, user types) as immutable records. Depends on nothing else in Ferry but {@code
 * connect.DatabaseKind}.
 */
package dev.ferry.engine.catalog;
