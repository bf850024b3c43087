-- a lead and its campaign belong to the same tenant
SELECT l.id, l.tenant_id, c.tenant_id AS campaign_tenant
  FROM leads l JOIN campaigns c ON c.id = l.campaign_id WHERE c.tenant_id <> l.tenant_id;
