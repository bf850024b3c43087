ALTER TABLE smtp_ip_addresses DROP COLUMN approximate_cost;
ALTER TABLE vps_instances DROP COLUMN approximate_cost;
