CREATE INDEX CONCURRENTLY idx_businesses_health_score ON businesses (health_score) WHERE health_score IS NOT NULL;
