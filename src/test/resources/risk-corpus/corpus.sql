-- The lock-risk corpus: one statement per pending migration, in order, run against a target whose
-- orders table holds rows (LockRiskCorpusTest sets it up; scripts/risk-vs-squawk.sh runs squawk on
-- the same statements). Each statement follows a line "-- safe", "-- risky", "-- blocker",
-- "-- critical" or "-- breaking": what a DBA should be told about it.
--
-- Safe: catalog-only changes, or work that blocks neither reads nor writes.
-- safe
ALTER TABLE orders ALTER COLUMN ref TYPE varchar(200);
-- safe
ALTER TABLE orders ADD COLUMN note text;
-- safe
ALTER TABLE orders ADD COLUMN flagged boolean DEFAULT false;
-- safe
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk2 FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
-- safe
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk2;
-- safe
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'drop column note';
-- safe
CREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text);
-- safe
CREATE INDEX audit_note_idx ON audit (note);
-- safe
VACUUM ANALYZE orders;
--
-- Risky: a lock that blocks writes (or reads) while the table is read through or rewritten.
-- risky
CREATE INDEX orders_status_idx ON orders (status);
-- risky
CREATE UNIQUE INDEX orders_ref_uq ON orders (ref);
-- risky
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
-- risky
ALTER TABLE orders ADD COLUMN seq serial;
-- risky
REINDEX TABLE orders;
-- risky
ALTER TABLE orders ADD COLUMN qty int CHECK (qty > 0);
-- risky
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
-- risky
ALTER TABLE orders ADD CONSTRAINT orders_total_ck CHECK (total >= 0);
-- risky
ALTER TABLE orders ADD CONSTRAINT orders_ref_key UNIQUE (ref);
-- risky
ALTER TABLE orders ALTER COLUMN customer_id TYPE bigint;
-- risky
ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();
-- risky
ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS ((total * 100)::bigint) STORED;
-- risky
ALTER TABLE orders SET UNLOGGED;
-- risky
CLUSTER orders USING orders_pkey;
-- risky
UPDATE orders SET status = 'migrated';
-- risky
UPDATE orders SET note = 'legacy' WHERE id > 1000;
-- risky
DELETE FROM orders WHERE id <= 20000;
--
-- Breaking: running application code fails after it, whatever its lock.
-- breaking
ALTER TABLE orders ALTER COLUMN ref TYPE varchar(50);
-- breaking
ALTER TABLE orders RENAME COLUMN note TO remark;
-- breaking
ALTER TABLE customers RENAME TO clients;
-- breaking
ALTER TABLE orders ALTER COLUMN total TYPE numeric(6,2) USING total::numeric(6,2);
-- breaking
ALTER TABLE orders DROP CONSTRAINT orders_total_ck, DROP COLUMN qty;
--
-- Data loss.
-- critical
ALTER TABLE orders DROP COLUMN remark;
-- critical
DROP TABLE orders_archive;
--
-- Fails on a table with rows.
-- blocker
ALTER TABLE orders ADD COLUMN region text NOT NULL;
