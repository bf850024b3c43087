DROP INDEX CONCURRENTLY idx_vps_instances_cost;
