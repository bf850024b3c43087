DROP POLICY vps_tenant_isolation ON vps_instances;
ALTER TABLE vps_instances DISABLE ROW LEVEL SECURITY;
