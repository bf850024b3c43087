-- The benchmark's SQLite application database: four tables with foreign keys, SCALE × 2 million rows
-- (customers 10%, products 2.5%, orders 37.5%, order_items 50%), with integers, decimals, ISO and
-- epoch timestamps, JSON text, unicode text and blobs. Run: sqlite3 bench.db < generate.sql
-- (the caller puts ".parameter set @scale N" first). With ".parameter set @pad N" (wide rows) every order
-- carries a note and every order item a JSON memo of N accented characters, and every customer a 64-byte
-- avatar: about 270 bytes of file per row at N = 100.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(120) NOT NULL, name TEXT NOT NULL, city TEXT,
  balance NUMERIC(12,2), is_active BOOLEAN NOT NULL DEFAULT 1, created_at DATETIME NOT NULL, profile JSON, avatar BLOB);
CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, title TEXT NOT NULL, price NUMERIC(10,2) NOT NULL,
  weight REAL, attributes JSON, added_at TIMESTAMP);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), status TEXT NOT NULL,
  total NUMERIC(12,2), placed_at DATETIME NOT NULL, shipped_at DATETIME, note TEXT);
CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id),
  product_id INTEGER NOT NULL REFERENCES products(id), quantity INTEGER NOT NULL, unit_price NUMERIC(10,2) NOT NULL,
  discount REAL, meta JSON);
CREATE INDEX orders_customer ON orders(customer_id);
CREATE INDEX orders_placed ON orders(placed_at);
CREATE INDEX items_order ON order_items(order_id);
CREATE INDEX items_product ON order_items(product_id);

WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 200000 * @scale)
INSERT INTO customers SELECT x, 'customer' || x || '@example.com',
  CASE x % 4 WHEN 0 THEN 'José Müller ' WHEN 1 THEN 'Zoë 東京 ' WHEN 2 THEN 'Łukasz O''Brien ' ELSE 'Amara Okafor ' END || x,
  CASE x % 3 WHEN 0 THEN 'São Paulo' WHEN 1 THEN 'Kraków' ELSE NULL END,
  round((x % 100000) / 7.0, 2), x % 10 <> 0,
  strftime('%Y-%m-%d %H:%M:%S', 1600000000 + x * 37, 'unixepoch'),
  '{"tier": "' || (x % 3) || '", "tags": ["a", "b"], "score": ' || (x % 1000) / 10.0 || '}',
  CASE WHEN coalesce(@pad, 0) > 0 THEN randomblob(64) WHEN x % 5 = 0 THEN randomblob(32) ELSE NULL END
FROM s;

WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 50000 * @scale)
INSERT INTO products SELECT x, 'SKU-' || printf('%08d', x), 'Product ' || x || ' — édition spéciale',
  round(1 + (x % 5000) / 3.0, 2), (x % 1000) / 7.0, '{"color": "red", "size": ' || (x % 50) || '}',
  1600000000 + x * 61
FROM s;

WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 750000 * @scale)
INSERT INTO orders SELECT x, 1 + (x * 7919) % (200000 * @scale),
  CASE x % 5 WHEN 0 THEN 'new' WHEN 1 THEN 'paid' WHEN 2 THEN 'shipped' WHEN 3 THEN 'delivered' ELSE 'cancelled' END,
  round((x % 99991) / 3.0, 2),
  CASE WHEN x % 2 = 0 THEN strftime('%Y-%m-%dT%H:%M:%SZ', 1650000000 + x * 13, 'unixepoch') ELSE 1650000000 + x * 13 END,
  CASE WHEN x % 3 = 0 THEN NULL ELSE 1650000000 + x * 13 + 86400 END,
  CASE WHEN coalesce(@pad, 0) > 0 THEN 'note ' || x || ' ' || replace(hex(zeroblob(@pad)), '00', 'é')
    WHEN x % 7 = 0 THEN 'gift wrap, please' || char(10) || 'thanks' ELSE NULL END
FROM s;

WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 1000000 * @scale)
INSERT INTO order_items SELECT x, 1 + (x * 31) % (750000 * @scale), 1 + (x * 17) % (50000 * @scale), 1 + x % 5,
  round(1 + (x % 5000) / 3.0, 2), CASE WHEN x % 4 = 0 THEN 0.1 ELSE NULL END,
  CASE WHEN coalesce(@pad, 0) > 0
    THEN '{"promo": "SPRING", "gift": false, "memo": "' || replace(hex(zeroblob(@pad)), '00', 'ü') || '"}'
    WHEN x % 10 = 0 THEN '{"promo": "SPRING", "gift": false}' ELSE NULL END
FROM s;
