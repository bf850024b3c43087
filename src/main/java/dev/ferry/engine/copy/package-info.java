/**
 * The load phase: {@code LoadPhase} cuts tables into chunks ({@code ChunkPlanner}), skips what an
 * earlier attempt committed ({@code Checkpoints}) and loads the rest in parallel through one shared
 * source snapshot ({@code SnapshotCoordinator}); {@code ChunkLoader} streams a chunk reader →
 * bounded queue → COPY writer in batches, sets bad rows aside in {@code RejectLog} and commits with
 * the chunk's marker and digest. Uses the dialect for reading, {@code rows} for encoding and {@code
 * validate} for the digest validation compares.
 */
package dev.ferry.engine.copy;
