-- Issue 13 point 5: the simulated world in the product's PostgreSQL database, in its own schema `world`, so that every
-- runner acts on one world. The same rows as a SQLite world.db (Orchestrator.Environment/World/SqliteWorldRows): one
-- table per kind of entity, each (scope, key, indexed, json), names compared without case through lower(...) (SQLite:
-- COLLATE NOCASE); seq keeps the insertion order SQLite's rowid gives. An update takes the one row of world.world_lock
-- FOR UPDATE (UPDATE ... SET version = version + 1): updates of every process queue on it, and version is the world's
-- observation mark (it moves with every committed update). Public folders (S25) have their own two tables, written
-- under a transaction-level advisory lock (Orchestrator.Environment.PostgreSql/PostgresPublicFolderTables).
CREATE SCHEMA world;

CREATE TABLE world.world_lock (
    id      integer PRIMARY KEY CHECK (id = 1),
    version bigint  NOT NULL
);
INSERT INTO world.world_lock (id, version) VALUES (1, 0);

CREATE TABLE world.world_nodes (
    seq     bigint GENERATED ALWAYS AS IDENTITY,
    scope   text NOT NULL,
    key     text NOT NULL,
    indexed text NULL,
    json    text NOT NULL
);
CREATE UNIQUE INDEX world_nodes_key ON world.world_nodes (lower(scope), lower(key));
CREATE INDEX world_nodes_by_indexed ON world.world_nodes (lower(scope), lower(indexed)) WHERE indexed IS NOT NULL;

CREATE TABLE world.world_services (
    seq     bigint GENERATED ALWAYS AS IDENTITY,
    scope   text NOT NULL,
    key     text NOT NULL,
    indexed text NULL,
    json    text NOT NULL
);
CREATE UNIQUE INDEX world_services_key ON world.world_services (lower(scope), lower(key));
CREATE INDEX world_services_by_indexed ON world.world_services (lower(scope), lower(indexed)) WHERE indexed IS NOT NULL;

CREATE TABLE world.world_volumes (
    seq     bigint GENERATED ALWAYS AS IDENTITY,
    scope   text NOT NULL,
    key     text NOT NULL,
    indexed text NULL,
    json    text NOT NULL
);
CREATE UNIQUE INDEX world_volumes_key ON world.world_volumes (lower(scope), lower(key));
CREATE INDEX world_volumes_by_indexed ON world.world_volumes (lower(scope), lower(indexed)) WHERE indexed IS NOT NULL;

CREATE TABLE world.world_addresses (
    seq     bigint GENERATED ALWAYS AS IDENTITY,
    scope   text NOT NULL,
    key     text NOT NULL,
    indexed text NULL,
    json    text NOT NULL
);
CREATE UNIQUE INDEX world_addresses_key ON world.world_addresses (lower(scope), lower(key));
CREATE INDEX world_addresses_by_indexed ON world.world_addresses (lower(scope), lower(indexed)) WHERE indexed IS NOT NULL;

CREATE TABLE world.world_dns_records (
    seq     bigint GENERATED ALWAYS AS IDENTITY,
    scope   text NOT NULL,
    key     text NOT NULL,
    indexed text NULL,
    json    text NOT NULL
);
CREATE UNIQUE INDEX world_dns_records_key ON world.world_dns_records (lower(scope), lower(key));
CREATE INDEX world_dns_records_by_indexed ON world.world_dns_records (lower(scope), lower(indexed)) WHERE indexed IS NOT NULL;

CREATE TABLE world.world_hierarchies (
    seq     bigint GENERATED ALWAYS AS IDENTITY,
    scope   text NOT NULL,
    key     text NOT NULL,
    indexed text NULL,
    json    text NOT NULL
);
CREATE UNIQUE INDEX world_hierarchies_key ON world.world_hierarchies (lower(scope), lower(key));
CREATE INDEX world_hierarchies_by_indexed ON world.world_hierarchies (lower(scope), lower(indexed)) WHERE indexed IS NOT NULL;

CREATE TABLE world.world_users (
    seq     bigint GENERATED ALWAYS AS IDENTITY,
    scope   text NOT NULL,
    key     text NOT NULL,
    indexed text NULL,
    json    text NOT NULL
);
CREATE UNIQUE INDEX world_users_key ON world.world_users (lower(scope), lower(key));
CREATE INDEX world_users_by_indexed ON world.world_users (lower(scope), lower(indexed)) WHERE indexed IS NOT NULL;

CREATE TABLE world.world_queue_routes (
    seq     bigint GENERATED ALWAYS AS IDENTITY,
    scope   text NOT NULL,
    key     text NOT NULL,
    indexed text NULL,
    json    text NOT NULL
);
CREATE UNIQUE INDEX world_queue_routes_key ON world.world_queue_routes (lower(scope), lower(key));
CREATE INDEX world_queue_routes_by_indexed ON world.world_queue_routes (lower(scope), lower(indexed)) WHERE indexed IS NOT NULL;

CREATE TABLE world.world_routing_groups (
    seq     bigint GENERATED ALWAYS AS IDENTITY,
    scope   text NOT NULL,
    key     text NOT NULL,
    indexed text NULL,
    json    text NOT NULL
);
CREATE UNIQUE INDEX world_routing_groups_key ON world.world_routing_groups (lower(scope), lower(key));
CREATE INDEX world_routing_groups_by_indexed ON world.world_routing_groups (lower(scope), lower(indexed)) WHERE indexed IS NOT NULL;

CREATE TABLE world.world_original_routing_groups (
    seq     bigint GENERATED ALWAYS AS IDENTITY,
    scope   text NOT NULL,
    key     text NOT NULL,
    indexed text NULL,
    json    text NOT NULL
);
CREATE UNIQUE INDEX world_original_routing_groups_key ON world.world_original_routing_groups (lower(scope), lower(key));
CREATE INDEX world_original_routing_groups_by_indexed ON world.world_original_routing_groups (lower(scope), lower(indexed)) WHERE indexed IS NOT NULL;

CREATE TABLE world.world_down_paths (
    seq     bigint GENERATED ALWAYS AS IDENTITY,
    scope   text NOT NULL,
    key     text NOT NULL,
    indexed text NULL,
    json    text NOT NULL
);
CREATE UNIQUE INDEX world_down_paths_key ON world.world_down_paths (lower(scope), lower(key));
CREATE INDEX world_down_paths_by_indexed ON world.world_down_paths (lower(scope), lower(indexed)) WHERE indexed IS NOT NULL;

CREATE TABLE world.world_settings (
    seq     bigint GENERATED ALWAYS AS IDENTITY,
    scope   text NOT NULL,
    key     text NOT NULL,
    indexed text NULL,
    json    text NOT NULL
);
CREATE UNIQUE INDEX world_settings_key ON world.world_settings (lower(scope), lower(key));
CREATE INDEX world_settings_by_indexed ON world.world_settings (lower(scope), lower(indexed)) WHERE indexed IS NOT NULL;

CREATE TABLE world.world_counters (
    seq     bigint GENERATED ALWAYS AS IDENTITY,
    scope   text NOT NULL,
    key     text NOT NULL,
    indexed text NULL,
    json    text NOT NULL
);
CREATE UNIQUE INDEX world_counters_key ON world.world_counters (lower(scope), lower(key));
CREATE INDEX world_counters_by_indexed ON world.world_counters (lower(scope), lower(indexed)) WHERE indexed IS NOT NULL;

CREATE TABLE world.world_violations (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    grp  text NULL,
    json text NOT NULL
);
CREATE INDEX world_violations_by_group ON world.world_violations (lower(grp), id) WHERE grp IS NOT NULL;

CREATE TABLE world.world_outages (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    grp  text NULL,
    json text NOT NULL
);
CREATE INDEX world_outages_by_group ON world.world_outages (lower(grp), id) WHERE grp IS NOT NULL;

-- member is already lower case ("{member}:{name}", WorldState.MemberKey).
CREATE TABLE world.world_hierarchy_members (
    member    text NOT NULL,
    hierarchy text NOT NULL
);
CREATE UNIQUE INDEX world_hierarchy_members_key ON world.world_hierarchy_members (member, lower(hierarchy));
CREATE INDEX world_hierarchy_members_by_hierarchy ON world.world_hierarchy_members (lower(hierarchy));

-- The applied-effects ledger: fencing_token is the highest claim token accepted (null: applied without a claim);
-- applied_at is the world time in .NET ticks (UTC), trimmed by age.
CREATE TABLE world.world_effects (
    procedure_id  bigint  NOT NULL,
    step          integer NOT NULL,
    generation    integer NOT NULL,
    kind          text    NOT NULL,
    node          text    NOT NULL,
    target        text    NOT NULL,
    fencing_token bigint  NULL,
    applied_at    bigint  NOT NULL,
    PRIMARY KEY (procedure_id, step, generation, kind, node, target)
);
CREATE INDEX world_effects_by_age ON world.world_effects (applied_at);

CREATE TABLE world.world_faults (
    id          integer PRIMARY KEY CHECK (id = 1),
    faults_json text    NOT NULL
);

CREATE TABLE world.world_latencies (
    kind          text   NOT NULL PRIMARY KEY,
    latency_ticks bigint NOT NULL
);

CREATE TABLE world.public_folders (
    id        bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name      text    NOT NULL,
    writes    bigint  NOT NULL DEFAULT 0,
    changes   bigint  NOT NULL DEFAULT 0,
    failures  bigint  NOT NULL DEFAULT 0,
    fail_next integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX public_folders_name ON world.public_folders (lower(name));

CREATE TABLE world.public_folder_replicas (
    server    text   NOT NULL,
    folder_id bigint NOT NULL
);
CREATE UNIQUE INDEX public_folder_replicas_key ON world.public_folder_replicas (lower(server), folder_id);
CREATE INDEX public_folder_replicas_by_folder ON world.public_folder_replicas (folder_id);
