DROP POLICY leads_tenant_isolation ON leads;
DROP POLICY campaigns_tenant_isolation ON campaigns;
ALTER TABLE leads DISABLE ROW LEVEL SECURITY;
ALTER TABLE campaigns DISABLE ROW LEVEL SECURITY;
