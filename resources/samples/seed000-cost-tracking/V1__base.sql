CREATE TABLE tenants (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE vps_instances (
  id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants, hostname text NOT NULL,
  status text NOT NULL DEFAULT 'active');
CREATE TABLE smtp_ip_addresses (
  id bigint PRIMARY KEY, vps_id bigint NOT NULL REFERENCES vps_instances, ip inet NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'warming');
INSERT INTO tenants VALUES (1, 'Acme'), (2, 'Globex');
INSERT INTO vps_instances SELECT i, 1 + i % 2, 'vps-' || i, 'active' FROM generate_series(1, 40) i;
INSERT INTO smtp_ip_addresses
  SELECT i, 1 + i % 40, ('10.0.' || (i / 250) || '.' || (i % 250))::inet, 'active' FROM generate_series(1, 200) i;
