using Microsoft.Data.Sqlite;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>
/// S25: the prepared statements of one replica-move call, run inside that call's write transaction. Each folder
/// re-binds the parameters of the same statements, so a call of hundreds of folders prepares them once.
/// </summary>
internal sealed class FolderWriteBatch : IDisposable
{
    private const string FindSql = "SELECT id, fail_next FROM public_folders WHERE name = $name;";

    private const string FailSql =
        """
        UPDATE public_folders
        SET writes = writes + 1, failures = failures + 1,
            fail_next = CASE WHEN fail_next > 0 THEN fail_next - 1 ELSE fail_next END
        WHERE id = $id;
        """;

    private const string AddSql = "INSERT OR IGNORE INTO public_folder_replicas (server, folder_id) VALUES ($server, $id);";
    private const string RemoveSql = "DELETE FROM public_folder_replicas WHERE server = $server AND folder_id = $id;";
    private const string CountSql = "UPDATE public_folders SET writes = writes + 1, changes = changes + $changed WHERE id = $id;";

    private readonly string node;
    private readonly SqliteCommand find;
    private readonly SqliteCommand fail;
    private readonly SqliteCommand add;
    private readonly SqliteCommand remove;
    private readonly SqliteCommand count;

    public FolderWriteBatch(SqliteConnection connection, SqliteTransaction transaction, string node, string remove, string add)
    {
        this.node = node;
        find = Prepare(connection, transaction, FindSql, "$name");
        fail = Prepare(connection, transaction, FailSql, "$id");
        this.add = Prepare(connection, transaction, AddSql, "$id", "$server");
        this.remove = Prepare(connection, transaction, RemoveSql, "$id", "$server");
        count = Prepare(connection, transaction, CountSql, "$id", "$changed");
        this.add.Parameters["$server"].Value = add;
        this.remove.Parameters["$server"].Value = remove;
    }

    /// <summary>Writes one folder's replica list and counts the write; an unknown folder is a failure that counts nothing.</summary>
    public FolderWriteResult Write(string folder)
    {
        find.Parameters[0].Value = folder;
        long id;
        long failNext;
        using (var reader = find.ExecuteReader())
        {
            if (!reader.Read())
            {
                return new FolderWriteResult(folder, FolderWriteOutcome.Failed, $"no public folder named {folder}");
            }

            id = reader.GetInt64(0);
            failNext = reader.GetInt64(1);
        }

        if (failNext != 0)
        {
            fail.Parameters[0].Value = id;
            fail.ExecuteNonQuery();
            return new FolderWriteResult(
                folder, FolderWriteOutcome.Failed, $"injected fault: the replica list of {folder} could not be written on {node}");
        }

        add.Parameters[0].Value = id;
        remove.Parameters[0].Value = id;
        var changed = add.ExecuteNonQuery() + remove.ExecuteNonQuery() > 0;
        count.Parameters[0].Value = id;
        count.Parameters[1].Value = changed ? 1 : 0;
        count.ExecuteNonQuery();
        return new FolderWriteResult(folder, changed ? FolderWriteOutcome.Changed : FolderWriteOutcome.AlreadyCorrect);
    }

    public void Dispose()
    {
        find.Dispose();
        fail.Dispose();
        add.Dispose();
        remove.Dispose();
        count.Dispose();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
