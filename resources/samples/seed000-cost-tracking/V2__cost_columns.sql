-- Steps 1-2: modeled cost references (Finance/Operations values, not provider APIs)
ALTER TABLE vps_instances ADD COLUMN approximate_cost numeric(10,2);
ALTER TABLE smtp_ip_addresses ADD COLUMN approximate_cost numeric(10,2);
COMMENT ON COLUMN vps_instances.approximate_cost IS 'modeled monthly cost, USD';
