-- seed 002's safety check: scores stay within 0..100 and no business lost
SELECT 'score out of range' AS problem, id FROM businesses WHERE health_score NOT BETWEEN 0 AND 100
UNION ALL
SELECT 'businesses missing', NULL FROM (SELECT count(*) AS n FROM businesses) c WHERE c.n < 500;
