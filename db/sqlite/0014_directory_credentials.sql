-- Issue 16 point 6 (S15): the directory account used during failover. One row at most: the user in the clear, the
-- password only as ASP.NET Core Data Protection ciphertext (its key ring is kept outside the database, in the data
-- directory's keys/ by default: this table alone cannot be decrypted), when it was set and by whom.
CREATE TABLE directory_credentials (
    id                 INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    user_name          TEXT NOT NULL,
    protected_password TEXT NOT NULL,
    set_at             TEXT NOT NULL,
    set_by             TEXT NOT NULL
);
