-- seed 003: every tenant table isolated by app.current_tenant_id
ALTER TABLE campaigns ENABLE ROW LEVEL SECURITY;
ALTER TABLE leads ENABLE ROW LEVEL SECURITY;
CREATE POLICY campaigns_tenant_isolation ON campaigns
  USING (tenant_id = current_setting('app.current_tenant_id', true)::bigint);
CREATE POLICY leads_tenant_isolation ON leads
  USING (tenant_id = current_setting('app.current_tenant_id', true)::bigint);
