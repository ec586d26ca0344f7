-- Issue 13 point 5 on SQL Server, the twin of db/postgres/0004: the simulated world in the product's database, in its own
-- schema `world`, so that every runner acts on one world (Orchestrator.Environment.SqlServer). Never executed against a
-- server here: parse-checked only (SqlServerSqlSyntaxTests).
-- The same rows as a SQLite world.db: one table per kind of entity, each (seq, scope, key, indexed, json); seq is a
-- bigint IDENTITY that keeps the insertion order SQLite's rowid gives. Names (scope, key, indexed, a log's group, a
-- hierarchy, a public folder, a server) compare without case through the database's collation, which 0001 requires to
-- be case-insensitive (where PostgreSQL compares lower(...)): the unique indexes are on the columns themselves. What
-- PostgreSQL compares exactly (an effect's identity, a latency's kind, a hierarchy member's key, already lower case)
-- has a binary collation here.
-- The row tables are made by world.create_row_table, one line per table: a later migration adds one with
-- `EXEC world.create_row_table N'world_...';` (the store's table list is Orchestrator.Environment's WorldRowNames.Tables).
-- An update takes the one row of world.world_lock (UPDATE ... WITH (UPDLOCK, HOLDLOCK)): updates of every process queue
-- on it, and version is the world's observation mark. A read holds the same row shared for its transaction, so it never
-- sees half of an update. Public folders (S25) have their own two tables, written under an application lock
-- (sp_getapplock, owned by the transaction). Reading key lists uses OPENJSON: compatibility level 130 (SQL Server 2016)
-- or later.
CREATE SCHEMA world;
GO

CREATE PROCEDURE world.create_row_table @name sysname
AS
BEGIN
    DECLARE @table nvarchar(300) = N'world.' + QUOTENAME(@name);
    DECLARE @sql nvarchar(max) =
        N'CREATE TABLE ' + @table + N' (
            seq     bigint IDENTITY(1, 1) NOT NULL CONSTRAINT ' + QUOTENAME(N'pk_' + @name) + N' PRIMARY KEY,
            scope   nvarchar(200) NOT NULL,
            [key]   nvarchar(450) NOT NULL,
            indexed nvarchar(200) NULL,
            json    nvarchar(max) NOT NULL
        );
        CREATE UNIQUE INDEX ' + QUOTENAME(@name + N'_key') + N' ON ' + @table + N' (scope, [key]);
        CREATE INDEX ' + QUOTENAME(@name + N'_by_indexed') + N' ON ' + @table + N' (scope, indexed) WHERE indexed IS NOT NULL;';
    EXEC sys.sp_executesql @sql;
END;
GO

CREATE PROCEDURE world.create_log_table @name sysname
AS
BEGIN
    DECLARE @table nvarchar(300) = N'world.' + QUOTENAME(@name);
    DECLARE @sql nvarchar(max) =
        N'CREATE TABLE ' + @table + N' (
            id   bigint IDENTITY(1, 1) NOT NULL CONSTRAINT ' + QUOTENAME(N'pk_' + @name) + N' PRIMARY KEY,
            grp  nvarchar(200) NULL,
            json nvarchar(max) NOT NULL
        );
        CREATE INDEX ' + QUOTENAME(@name + N'_by_group') + N' ON ' + @table + N' (grp, id) WHERE grp IS NOT NULL;';
    EXEC sys.sp_executesql @sql;
END;
GO

CREATE TABLE world.world_lock (
    id      int    NOT NULL CONSTRAINT pk_world_lock PRIMARY KEY CONSTRAINT ck_world_lock_one CHECK (id = 1),
    version bigint NOT NULL
);
INSERT INTO world.world_lock (id, version) VALUES (1, 0);

EXEC world.create_row_table N'world_nodes';
EXEC world.create_row_table N'world_services';
EXEC world.create_row_table N'world_shares';
EXEC world.create_row_table N'world_volumes';
EXEC world.create_row_table N'world_addresses';
EXEC world.create_row_table N'world_dns_records';
EXEC world.create_row_table N'world_hierarchies';
EXEC world.create_row_table N'world_users';
EXEC world.create_row_table N'world_queue_routes';
EXEC world.create_row_table N'world_routing_groups';
EXEC world.create_row_table N'world_original_routing_groups';
EXEC world.create_row_table N'world_down_paths';
EXEC world.create_row_table N'world_settings';
EXEC world.create_row_table N'world_counters';

EXEC world.create_log_table N'world_violations';
EXEC world.create_log_table N'world_outages';

-- member is already lower case ("{member}:{name}", WorldState.MemberKey): compared exactly, as on PostgreSQL.
CREATE TABLE world.world_hierarchy_members (
    member    nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
    hierarchy nvarchar(200) NOT NULL
);
CREATE UNIQUE INDEX world_hierarchy_members_key ON world.world_hierarchy_members (member, hierarchy);
CREATE INDEX world_hierarchy_members_by_hierarchy ON world.world_hierarchy_members (hierarchy);

-- The applied-effects ledger: fencing_token is the highest claim token accepted (null: applied without a claim);
-- applied_at is the world time in .NET ticks (UTC), trimmed by age. Its key is compared exactly (a binary collation).
CREATE TABLE world.world_effects (
    procedure_id  bigint        NOT NULL,
    step          int           NOT NULL,
    generation    int           NOT NULL,
    kind          nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    node          nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    target        nvarchar(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    fencing_token bigint        NULL,
    applied_at    bigint        NOT NULL,
    CONSTRAINT pk_world_effects PRIMARY KEY NONCLUSTERED (procedure_id, step, generation, kind, node, target)
);
CREATE INDEX world_effects_by_age ON world.world_effects (applied_at);

CREATE TABLE world.world_faults (
    id          int           NOT NULL CONSTRAINT pk_world_faults PRIMARY KEY CONSTRAINT ck_world_faults_one CHECK (id = 1),
    faults_json nvarchar(max) NOT NULL
);

CREATE TABLE world.world_latencies (
    kind          nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_world_latencies PRIMARY KEY,
    latency_ticks bigint        NOT NULL
);

CREATE TABLE world.public_folders (
    id        bigint IDENTITY(1, 1) NOT NULL CONSTRAINT pk_public_folders PRIMARY KEY,
    name      nvarchar(400) NOT NULL,
    writes    bigint NOT NULL CONSTRAINT df_public_folders_writes DEFAULT 0,
    changes   bigint NOT NULL CONSTRAINT df_public_folders_changes DEFAULT 0,
    failures  bigint NOT NULL CONSTRAINT df_public_folders_failures DEFAULT 0,
    fail_next int    NOT NULL CONSTRAINT df_public_folders_fail_next DEFAULT 0
);
CREATE UNIQUE INDEX public_folders_name ON world.public_folders (name);

CREATE TABLE world.public_folder_replicas (
    server    nvarchar(200) NOT NULL,
    folder_id bigint        NOT NULL
);
CREATE UNIQUE INDEX public_folder_replicas_key ON world.public_folder_replicas (server, folder_id);
CREATE INDEX public_folder_replicas_by_folder ON world.public_folder_replicas (folder_id);
