-- Step 3: executive summary and cost allocation, internal roles only
CREATE VIEW executive_cost_summary AS
  SELECT t.id AS tenant_id, t.name,
         (SELECT count(*) FROM vps_instances v WHERE v.tenant_id = t.id) AS vps,
         (SELECT coalesce(sum(v.approximate_cost), 0) FROM vps_instances v WHERE v.tenant_id = t.id)
         + (SELECT coalesce(sum(s.approximate_cost), 0) FROM smtp_ip_addresses s
              JOIN vps_instances v ON v.id = s.vps_id WHERE v.tenant_id = t.id) AS modeled_cost
    FROM tenants t;
REVOKE ALL ON executive_cost_summary FROM PUBLIC;
-- roles are cluster-wide: created once, kept by the undo (other databases may use them)
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bi_internal') THEN
    CREATE ROLE bi_internal NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tenant_app') THEN
    CREATE ROLE tenant_app NOLOGIN;
  END IF;
END $$;
GRANT SELECT ON executive_cost_summary TO bi_internal;
GRANT SELECT ON tenants, vps_instances, smtp_ip_addresses TO tenant_app;
