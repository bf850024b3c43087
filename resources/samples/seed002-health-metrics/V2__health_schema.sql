-- new enums and tables (seed 002 "Schema Extension")
CREATE TYPE health_trajectory AS ENUM ('improving', 'stable', 'declining', 'volatile');
CREATE TYPE alert_severity_enum AS ENUM ('low', 'medium', 'high', 'critical');
CREATE TABLE health_metrics (
  id bigserial PRIMARY KEY, business_id bigint NOT NULL REFERENCES businesses ON DELETE CASCADE,
  score numeric(5,2) NOT NULL CHECK (score BETWEEN 0 AND 100), trajectory health_trajectory,
  created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX idx_health_metrics_business ON health_metrics (business_id, created_at DESC);
CREATE TABLE health_alerts (
  id bigserial PRIMARY KEY, business_id bigint NOT NULL REFERENCES businesses ON DELETE CASCADE,
  severity alert_severity_enum NOT NULL, message text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
-- optional columns on the existing table: no default, so no rewrite
ALTER TABLE businesses ADD COLUMN health_score numeric(5,2);
ALTER TABLE businesses ADD COLUMN health_trajectory health_trajectory;
