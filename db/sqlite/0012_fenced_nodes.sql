-- Issue 14 point 3: the nodes fenced on real hardware (environment: agents), one row per node, so a restarted runner or
-- another one knows the fence: written when the node's fence script succeeded (the fence step's effect key beside it),
-- removed when the node's agent answers again (the node came back).
CREATE TABLE fenced_nodes (
    node       TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
    effect_key TEXT NOT NULL,
    fenced_at  TEXT NOT NULL
);
