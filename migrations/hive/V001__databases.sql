-- The production database and the two jobs' shadow databases (DESIGN.md).
-- Stream tables are not created here: the worker creates each one from its stream's schema on first
-- refine (Parquet, partitioned by year/month/day/hour, plus datacenter for <dc>.<stream> input).
CREATE DATABASE IF NOT EXISTS `event` COMMENT 'production: written by the leader of each stream';
CREATE DATABASE IF NOT EXISTS `event_systemd` COMMENT 'shadow database of the legacy (systemd) Refine job';
CREATE DATABASE IF NOT EXISTS `event_airflow` COMMENT 'shadow database of the new (Airflow) Refine job';
