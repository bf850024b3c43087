UPDATE businesses SET health_score = NULL, health_trajectory = NULL;
