SELECT id, approximate_cost FROM vps_instances WHERE approximate_cost < 0;
