ALTER TABLE businesses DROP COLUMN health_trajectory;
ALTER TABLE businesses DROP COLUMN health_score;
DROP TABLE health_alerts;
DROP TABLE health_metrics;
DROP TYPE alert_severity_enum;
DROP TYPE health_trajectory;
