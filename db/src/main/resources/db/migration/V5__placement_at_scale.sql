-- Placement at fleet scale: what is free on each node, kept by PostgreSQL as allocations change, and
-- indexed so that the best-fitting node is found by an index range scan instead of sorting the pool.
-- The indexes are not partial (state = 'READY'): prepared statements' generic plans could not use them.
alter table node
    add column free_cpu_millis bigint generated always as (cpu_millis - alloc_cpu_millis) stored,
    add column free_memory_mib bigint generated always as (memory_mib - alloc_memory_mib) stored,
    add column free_gpus       bigint generated always as (gpus - alloc_gpus) stored;

-- CPU-heavy tasks: the READY node with the least CPU left that still fits; nodes without GPUs first.
create index node_best_fit_cpu on node (pool, state, gpus, free_cpu_millis, id);
-- Memory-heavy tasks: the same by memory.
create index node_best_fit_memory on node (pool, state, gpus, free_memory_mib, id);
-- GPU tasks: the node with the fewest GPUs left that still fit.
create index node_best_fit_gpu on node (pool, state, free_gpus, id);
