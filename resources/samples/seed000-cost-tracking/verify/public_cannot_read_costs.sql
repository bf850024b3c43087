-- the BI view is internal-only: PUBLIC must hold no privilege on it
SELECT grantee, privilege_type FROM information_schema.table_privileges
 WHERE table_name = 'executive_cost_summary' AND grantee = 'PUBLIC';
