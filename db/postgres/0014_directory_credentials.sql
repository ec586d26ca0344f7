-- Issue 16 point 6 (S15): the directory account used during failover. One row at most: the user in the clear, the
-- password only as ASP.NET Core Data Protection ciphertext (its key ring is kept outside the database, in the data
-- directory's keys/ by default: this table alone cannot be decrypted), when it was set and by whom.
CREATE TABLE directory_credentials (
    id                 integer     NOT NULL PRIMARY KEY CHECK (id = 1),
    user_name          text        NOT NULL,
    protected_password text        NOT NULL,
    set_at             timestamptz NOT NULL,
    set_by             text        NOT NULL
);
