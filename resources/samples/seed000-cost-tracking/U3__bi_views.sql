DROP VIEW executive_cost_summary;
REVOKE SELECT ON tenants, vps_instances, smtp_ip_addresses FROM tenant_app;
