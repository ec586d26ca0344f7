-- Issue 16 point 6 (S15) on SQL Server, the twin of db/sqlite/0014 and db/postgres/0014: the directory account used
-- during failover. One row at most: the user in the clear, the password only as ASP.NET Core Data Protection ciphertext
-- (its key ring is kept outside the database: this table alone cannot be decrypted), when it was set and by whom.
CREATE TABLE directory_credentials (
    id                 int               NOT NULL CONSTRAINT pk_directory_credentials PRIMARY KEY CONSTRAINT ck_directory_credentials_one CHECK (id = 1),
    user_name          nvarchar(256)     NOT NULL,
    protected_password nvarchar(max)     NOT NULL,
    set_at             datetimeoffset(7) NOT NULL,
    set_by             nvarchar(400)     NOT NULL
);
