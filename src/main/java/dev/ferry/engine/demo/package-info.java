/**
 * Ferry's demo: seed 004's five SQLite databases of a personal-finance app, generated
 * deterministically ({@link DemoData}), and a private PostgreSQL run from binaries shipped in a
 * Maven artifact ({@link EmbeddedPostgres}), so {@code ferry demo} and the console's demo need
 * nothing but a JDK.
 *
 * <p>Depends on the engine's connections and dialect identifiers, SQLite's JDBC driver and
 * commons-compress; no JavaFX, nothing above the engine.
 */
package dev.ferry.engine.demo;
