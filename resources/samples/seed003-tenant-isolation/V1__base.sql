CREATE TABLE tenants (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE campaigns (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants, name text NOT NULL);
CREATE TABLE leads (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants,
                    campaign_id bigint REFERENCES campaigns, email text NOT NULL);
INSERT INTO tenants VALUES (1, 'Acme'), (2, 'Globex');
INSERT INTO campaigns SELECT i, 1 + i % 2, 'campaign ' || i FROM generate_series(1, 20) i;
INSERT INTO leads SELECT i, 1 + i % 2, 1 + (i + 1) % 20, 'lead' || i || '@example.com' FROM generate_series(1, 300) i;
