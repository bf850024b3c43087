CREATE TABLE businesses (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO businesses SELECT i, 'business ' || i, now() - i * interval '1 day' FROM generate_series(1, 500) i;
