CREATE INDEX idx_campaigns_tenant ON campaigns (tenant_id);
CREATE INDEX idx_leads_tenant ON leads (tenant_id);
