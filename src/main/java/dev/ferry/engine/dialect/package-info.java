/**
 * The {@link dev.ferry.engine.dialect.Dialect} interface — everything that differs between source
 * databases: quoting, introspection, profiling, cast rules, defaults, readiness probes, data-risk
 * queries, reading values and rows, snapshots, schema translation — what it answers with (readiness
 * findings, data-risk queries), what every dialect decides alike while reading a catalog, and
 * PostgreSQL identifier handling. {@code Dialects} finds the implementation of a {@code
 * DatabaseKind} as a service, so this package names none of them. One sub-package per source
 * database (sqlite, postgres, mysql). Uses cast, catalog, connect and rows.
 */
package dev.ferry.engine.dialect;
