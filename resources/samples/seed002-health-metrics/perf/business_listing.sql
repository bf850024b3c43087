-- seed 002 "performance_validation.sql", test 1: the business listing (must be < 100 ms)
-- max: 100ms
SELECT b.*, hm.score
  FROM businesses b
  LEFT JOIN LATERAL (
    SELECT score FROM health_metrics WHERE business_id = b.id ORDER BY created_at DESC LIMIT 1
  ) hm ON true
 ORDER BY b.created_at DESC
 LIMIT 20;
