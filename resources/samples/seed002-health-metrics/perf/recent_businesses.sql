-- seed 002 "performance_baseline.sql": the listing as it is before the change (must be < 100 ms)
-- max: 100ms
SELECT b.* FROM businesses b ORDER BY b.created_at DESC LIMIT 20;
