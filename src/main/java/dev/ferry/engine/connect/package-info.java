/**
 * Connection specs (JDBC URLs, libpq fields, PG* environment, ~/.pgpass through the driver),
 * opening connections and testing them. Passwords live only in {@link
 * dev.ferry.engine.connect.Secret}. Depends on JDBC drivers only.
 */
package dev.ferry.engine.connect;
