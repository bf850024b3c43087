-- a neutral starting score (seed 002 backfills in batches on large tables: see `ferry change risk`)
UPDATE businesses SET health_score = 50, health_trajectory = 'stable' WHERE health_score IS NULL;
