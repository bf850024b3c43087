/**
 * Online PostgreSQL → PostgreSQL migration on PostgreSQL's own logical replication: Ferry
 * orchestrates and the servers move the bytes. {@link OnlineMigration} is the front door:
 * pre-checks ({@link OnlineChecks}), start (Ferry's schema phase makes the tables and their keys on
 * the target, a publication on the source, a subscription on the target that copies and then
 * streams), status (per-table sync state, lag, retained WAL), a guided cutover (indexes and foreign
 * keys while writes still flow, writes stopped, lag 0 at a recorded LSN, a checksum per table on
 * both sides, sequences moved past the source's, subscription, slot and publication dropped, the
 * write downtime measured) and abort (exactly the objects Ferry named, nothing else). Every online
 * run is a JSON file in the workspace's {@code online/} folder ({@link OnlineRuns}), so a closed
 * Ferry picks it up again from the servers and that file.
 *
 * <p>Depends on the engine's front door (the plan and its DDL), connections, dialect identifiers
 * and the assessment's findings; no JavaFX, nothing above the engine.
 */
package dev.ferry.engine.online;
