/**
 * The {@link dev.ferry.engine.dialect.Dialect} interface, what it answers with (readiness findings,
 * data-risk queries), what every dialect decides alike while reading a catalog, and PostgreSQL
 * identifier handling. One sub-package per source database (sqlite, postgres, mysql), found as
 * services so this package names none of them. Depends on cast, catalog and connect.
 */
package dev.ferry.engine.dialect;
