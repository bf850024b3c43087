DROP VIEW executive_cost_summary;
