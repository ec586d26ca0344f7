-- Issue 14 point 3: the nodes fenced on real hardware (environment: agents), one row per node whatever the case of its
-- name, shared by every runner: written when the node's fence script succeeded (the fence step's effect key beside it),
-- removed when the node's agent answers again (the node came back).
CREATE TABLE fenced_nodes (
    node       text        NOT NULL,
    effect_key text        NOT NULL,
    fenced_at  timestamptz NOT NULL
);

CREATE UNIQUE INDEX ux_fenced_nodes_node ON fenced_nodes (lower(node));
