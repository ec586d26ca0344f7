-- Issue 13 (the storm's conflicts): a node's shares get rows of their own, as its services have (world_services),
-- scoped by the node, one row per (node, share), its json 'true'. Before, they were the Shares array inside the
-- node's row, so every restore or removal of a share rewrote the row that every other effect on that node reads, and
-- the optimistic updates of two runners conflicted on it. Shares already inside node rows move here, in the array's
-- order, and the node rows lose the array.
CREATE TABLE world.world_shares (
    seq     bigint GENERATED ALWAYS AS IDENTITY,
    scope   text NOT NULL,
    key     text NOT NULL,
    indexed text NULL,
    json    text NOT NULL
);
CREATE UNIQUE INDEX world_shares_key ON world.world_shares (lower(scope), lower(key));

INSERT INTO world.world_shares (scope, key, indexed, json)
    SELECT n.key, s.share, NULL, 'true'
    FROM world.world_nodes AS n
    CROSS JOIN LATERAL jsonb_array_elements_text(n.json::jsonb -> 'Shares') WITH ORDINALITY AS s (share, position)
    WHERE jsonb_typeof(n.json::jsonb -> 'Shares') = 'array'
    ORDER BY n.seq, s.position
    ON CONFLICT DO NOTHING;

UPDATE world.world_nodes SET json = (json::jsonb - 'Shares')::text WHERE json::jsonb ? 'Shares';
