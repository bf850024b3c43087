-- Step 5: tenants see only their own instances
ALTER TABLE vps_instances ENABLE ROW LEVEL SECURITY;
CREATE POLICY vps_tenant_isolation ON vps_instances
  USING (tenant_id = current_setting('app.current_tenant_id', true)::bigint);
