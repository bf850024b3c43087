-- Step 4: cost-based queries (built without blocking writes)
CREATE INDEX CONCURRENTLY idx_vps_instances_cost ON vps_instances (approximate_cost) WHERE approximate_cost IS NOT NULL;
