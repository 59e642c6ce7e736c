-- Placement reads the best-fit indexes (V5), which lead with (pool, state) as this index did: with it
-- gone, the planner cannot pick it and sort the whole pool when a pool's statistics are still empty.
drop index node_by_pool;

-- Every placement and release updates its node (the free columns are indexed, so never in place):
-- the table is small and its dead rows pile up fast, so it is vacuumed after every thousand changes
-- rather than after a fifth of the table.
alter table node set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
                      autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
