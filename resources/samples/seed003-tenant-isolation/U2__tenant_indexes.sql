DROP INDEX idx_leads_tenant;
DROP INDEX idx_campaigns_tenant;
