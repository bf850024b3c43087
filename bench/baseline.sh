#!/usr/bin/env bash
# The bar Ferry is measured against: sqlite3 -csv | psql \copy into tables of the same shape, then the
# same primary keys, indexes and foreign keys. Values go as SQLite prints them (epochs stay numbers,
# blobs as hex), so this pipeline does less conversion work than Ferry does.
# With "indexed" as third argument the primary keys, unique constraint and indexes exist before the
# COPY (the tables "have the same indexes" while the data streams in) and only foreign keys follow.
# Usage: baseline.sh <sqlite-file> <psql-conninfo> [bare|indexed]
set -euo pipefail
db="$1"; pg="$2"; mode="${3:-bare}"
keys="SET search_path = baseline;
ALTER TABLE customers ADD PRIMARY KEY (id);
ALTER TABLE products ADD PRIMARY KEY (id);
ALTER TABLE products ADD UNIQUE (sku);
ALTER TABLE orders ADD PRIMARY KEY (id);
ALTER TABLE order_items ADD PRIMARY KEY (id);
CREATE INDEX ON orders (customer_id);
CREATE INDEX ON orders (placed_at);
CREATE INDEX ON order_items (order_id);
CREATE INDEX ON order_items (product_id);"
psql -q "$pg" <<'SQL'
DROP SCHEMA IF EXISTS baseline CASCADE;
CREATE SCHEMA baseline;
SET search_path = baseline;
CREATE TABLE customers (id bigint, email varchar(120) NOT NULL, name text NOT NULL, city text, balance numeric(12,2),
  is_active boolean NOT NULL, created_at timestamptz NOT NULL, profile jsonb, avatar bytea);
CREATE TABLE products (id bigint, sku text NOT NULL, title text NOT NULL, price numeric(10,2) NOT NULL, weight double precision,
  attributes jsonb, added_at bigint);
CREATE TABLE orders (id bigint, customer_id bigint NOT NULL, status text NOT NULL, total numeric(12,2), placed_at text NOT NULL,
  shipped_at bigint, note text);
CREATE TABLE order_items (id bigint, order_id bigint NOT NULL, product_id bigint NOT NULL, quantity bigint NOT NULL,
  unit_price numeric(10,2) NOT NULL, discount double precision, meta jsonb);
SQL
[ "$mode" = indexed ] && psql -q "$pg" -c "$keys"
start=$(date +%s.%N)
sqlite3 -csv "$db" "SELECT id, email, name, city, balance, is_active, created_at, profile, CASE WHEN avatar IS NULL THEN NULL ELSE '\\x' || hex(avatar) END FROM customers" \
  | psql -q "$pg" -c "\\copy baseline.customers FROM STDIN csv" &
sqlite3 -csv "$db" "SELECT * FROM products" | psql -q "$pg" -c "\\copy baseline.products FROM STDIN csv" &
wait
sqlite3 -csv "$db" "SELECT * FROM orders" | psql -q "$pg" -c "\\copy baseline.orders FROM STDIN csv" &
sqlite3 -csv "$db" "SELECT * FROM order_items" | psql -q "$pg" -c "\\copy baseline.order_items FROM STDIN csv" &
wait
loaded=$(date +%s.%N)
[ "$mode" = bare ] && psql -q "$pg" -c "$keys"
psql -q "$pg" <<'SQL'
SET search_path = baseline;
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE order_items ADD FOREIGN KEY (order_id) REFERENCES orders (id);
ALTER TABLE order_items ADD FOREIGN KEY (product_id) REFERENCES products (id);
SQL
done_=$(date +%s.%N)
echo "baseline_load_seconds=$(echo "$loaded - $start" | bc)"
echo "baseline_total_seconds=$(echo "$done_ - $start" | bc)"
