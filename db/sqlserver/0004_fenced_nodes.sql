-- Issue 14 point 3: the nodes fenced on real hardware (environment: agents), one row per node (the key compares by the
-- database's case-insensitive collation), shared by every runner: written when the node's fence script succeeded (the
-- fence step's effect key beside it), removed when the node's agent answers again (the node came back).
CREATE TABLE fenced_nodes (
    node       nvarchar(200)     NOT NULL CONSTRAINT pk_fenced_nodes PRIMARY KEY,
    effect_key nvarchar(200)     NOT NULL,
    fenced_at  datetimeoffset(7) NOT NULL
);
