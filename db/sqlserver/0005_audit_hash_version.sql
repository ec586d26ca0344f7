-- Issue 15 on SQL Server, the twin of db/postgres/0012 and db/sqlite/0013: the audit chain hashes each row's sequence.
-- Rows written before keep the hash they were written with (none is rewritten) and say so: hash_version 1; every row
-- written since is version 2, whose hash (computed by SqlServerAuditWriter, AuditHasher's bytes) also covers its
-- version and its id. To hash its id the writer must know it before the INSERT: an IDENTITY gives it only after (and
-- SET IDENTITY_INSERT needs ALTER on the table, which the product's login should not have), so the id comes from a
-- sequence instead, taken while the writer holds the head (ids grow along the chain; gaps are accepted by verify).
-- An IDENTITY cannot be removed from a column: the table is rebuilt once, its rows copied as they are (ids, hashes,
-- leader columns), its indexes and triggers made again as 0001 made them. Never executed against a server here:
-- parse-checked only (SqlServerSqlSyntaxTests).

CREATE SEQUENCE audit_log_ids AS bigint START WITH 1 INCREMENT BY 1 NO CACHE;
GO

EXEC sp_rename N'audit_log', N'audit_log_v1';
EXEC sp_rename N'pk_audit_log', N'pk_audit_log_v1', N'OBJECT';
GO

CREATE TABLE audit_log (
    id            bigint            NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY CONSTRAINT df_audit_log_id DEFAULT (NEXT VALUE FOR audit_log_ids),
    at            datetimeoffset(7) NOT NULL,
    procedure_id  bigint,
    kind          nvarchar(100)     NOT NULL,
    hierarchy     nvarchar(200),
    from_state    nvarchar(100),
    to_state      nvarchar(100),
    trigger_name  nvarchar(100)     NOT NULL,
    actor         nvarchar(400)     NOT NULL,
    reason        nvarchar(max)     NOT NULL,
    data          nvarchar(max),
    prev_hash     varchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    hash          varchar(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    nodes         nvarchar(max),
    leader_epoch  bigint            NULL,
    leader_holder nvarchar(400)     NULL,
    hash_version  smallint          NOT NULL CONSTRAINT df_audit_log_hash_version DEFAULT 1
);
GO

INSERT INTO audit_log (id, at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes, leader_epoch, leader_holder, hash_version)
SELECT id, at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes, leader_epoch, leader_holder, 1
  FROM audit_log_v1;

DECLARE @next bigint = ISNULL((SELECT MAX(id) FROM audit_log), 0) + 1;
DECLARE @restart nvarchar(200) = CONCAT(N'ALTER SEQUENCE audit_log_ids RESTART WITH ', @next);
EXEC sp_executesql @restart;

DROP TABLE audit_log_v1; -- its indexes and triggers go with it (DROP fires no DELETE trigger)
GO

CREATE INDEX ix_audit_log_procedure ON audit_log (procedure_id, id);
CREATE INDEX ix_audit_log_hierarchy ON audit_log (hierarchy, id);
CREATE INDEX ix_audit_log_at ON audit_log (at);
CREATE INDEX ix_audit_log_kind ON audit_log (kind, id);
CREATE INDEX ix_audit_log_actor ON audit_log (actor, id);
GO

-- As 0001: one row per INSERT statement (the writer appends row by row): the trigger checks it against the head and moves the head.
CREATE TRIGGER audit_log_extend_head ON audit_log AFTER INSERT AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @rows int = (SELECT COUNT(*) FROM inserted);
    IF @rows = 0 RETURN;
    IF @rows > 1
        THROW 50002, N'audit_log: one row per INSERT (each row must extend the chain''s head)', 1;
    DECLARE @head varchar(128), @prev varchar(128), @hash varchar(128), @id bigint, @message nvarchar(2048);
    SELECT @head = h.hash FROM audit_head h WITH (UPDLOCK, HOLDLOCK) WHERE h.one = 1;
    SELECT @prev = i.prev_hash, @hash = i.hash, @id = i.id FROM inserted i;
    IF @head IS NULL OR @prev IS NULL OR @prev COLLATE Latin1_General_100_BIN2 <> @head COLLATE Latin1_General_100_BIN2
    BEGIN
        SET @message = CONCAT(N'audit_log: row ', @id, N' does not extend the chain''s head ', @head, N' (its prev_hash is ', @prev, N') [audit_head]');
        THROW 50001, @message, 1;
    END;
    UPDATE audit_head SET hash = @hash, last_id = @id WHERE one = 1;
END;
GO

CREATE TRIGGER audit_log_no_update ON audit_log INSTEAD OF UPDATE AS
BEGIN
    THROW 50003, N'audit_log is append-only: UPDATE refused', 1;
END;
GO

CREATE TRIGGER audit_log_no_delete ON audit_log INSTEAD OF DELETE AS
BEGIN
    THROW 50003, N'audit_log is append-only: DELETE refused', 1;
END;
GO
