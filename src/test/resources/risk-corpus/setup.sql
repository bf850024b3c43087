-- The production side of the lock-risk corpus: tables with rows, so locks and rewrites cost
-- something (LockRiskCorpusTest and scripts/risk-vs-squawk.sh run it on a fresh database).
CREATE TABLE customers (id int PRIMARY KEY, name text);
INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 5000) g;
CREATE TABLE orders (id int PRIMARY KEY, customer_id int, status text, ref varchar(100),
  total numeric(10,2), created timestamptz DEFAULT now());
INSERT INTO orders (id, customer_id, status, ref, total)
  SELECT g, 1 + g % 5000, 'new', 'r' || g, g % 1000 FROM generate_series(1, 30000) g;
CREATE TABLE orders_archive AS SELECT * FROM orders WHERE id <= 1000;
ANALYZE;
