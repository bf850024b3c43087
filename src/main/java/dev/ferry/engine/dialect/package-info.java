/**
 * The {@link dev.ferry.engine.dialect.Dialect} interface and one sub-package per source database
 * (sqlite, postgres, mysql). Depends on catalog, connect and plan.
 */
package dev.ferry.engine.dialect;
