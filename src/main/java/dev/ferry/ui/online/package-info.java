/**
 * The console's "Online migration" page: an online PostgreSQL → PostgreSQL migration on logical
 * replication — pre-checks, start, per-table sync state and live lag charts, a guided cutover and
 * abort — over {@code engine.online}. Depends on {@code ui.common}, {@code ui.chart} and the
 * engine; never on {@code ui.app} or a wizard step.
 */
package dev.ferry.ui.online;
