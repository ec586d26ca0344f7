using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.Audit;

/// <summary>
/// The audit journal in a database (PostgreSQL, SQL Server, SQLite): reads, filters and the chain's check, the same in
/// every provider; appends go through the provider's chain writer under its head lock. A provider gives its
/// connections, its filter, its paging, how it reads an instant and how many ids one statement takes.
/// </summary>
public abstract class DatabaseAuditJournal : IAuditJournal
{
    public const string Columns = "id, at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes, hash_version";

    private const string ByIdSql = $"SELECT {Columns} FROM audit_log WHERE id = @id";

    /// <summary>Opens a connection for reads.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Opens a connection for a write (the same as for reads unless the provider gates its writers).</summary>
    protected virtual Task<DbConnection> OpenWriteAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    /// <summary>Reads rows into storage records (the provider's time columns to DateTimeOffset).</summary>
    protected virtual Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, object? param)
        where T : new() =>
        DbRows.QueryAsync<T>(connection, sql, param);

    /// <summary>Appends one entry inside the transaction: the provider's chain writer (and leader fence).</summary>
    protected abstract Task AppendInTransactionAsync(DbConnection connection, DbTransaction tx, NewAuditEntry entry);

    /// <summary>Before every read: a provider whose committed rows wait to be linked into the chain links them, so a read misses none.</summary>
    protected virtual Task BeforeReadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After an append's commit (a provider whose rows wait to be linked asks for a link).</summary>
    protected virtual void Appended()
    {
    }

    /// <summary>The WHERE clause of the query's filter (only the conditions asked for) and its parameters.</summary>
    protected abstract (string Where, DynamicParameters Parameters) Filter(AuditQuery query);

    /// <summary>A page of @limit rows matching <paramref name="where"/> in sequence order: the newest ones, or the first ones.</summary>
    protected abstract string Page(string where, bool newest);

    /// <summary>The instant in column <paramref name="ordinal"/>, in UTC.</summary>
    protected abstract DateTimeOffset ReadAt(DbDataReader reader, int ordinal);

    /// <summary>How many procedure ids one statement of <see cref="ListByProceduresAsync"/> takes.</summary>
    protected abstract int IdsPerStatement { get; }

    /// <summary>The rows of trigger @triggerName of the procedures @ids (Dapper's list, unless the dialect takes an array), in sequence order.</summary>
    protected virtual string ByProceduresStatement => $"SELECT {Columns} FROM audit_log WHERE procedure_id IN @ids AND trigger_name = @triggerName ORDER BY id";

    public async Task AppendAsync(NewAuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        await AppendInTransactionAsync(connection, tx, entry).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        Appended();
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = Filter(query);
        parameters.Add("limit", query.Limit);
        await BeforeReadAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await QueryAsync<AuditEntry>(connection, Page(where, query.AfterId is null), parameters).ConfigureAwait(false);
    }

    public async Task<AuditEntry?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await BeforeReadAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await QueryAsync<AuditEntry>(connection, ByIdSql, new { id }).ConfigureAwait(false)).SingleOrDefault();
    }

    /// <summary>One query whose rows are read from the connection as they are consumed (not buffered), column by column.</summary>
    public virtual async IAsyncEnumerable<AuditEntry> StreamAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = Filter(query);
        await BeforeReadAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = new CommandDefinition($"SELECT {Columns} FROM audit_log {where} ORDER BY id", parameters, cancellationToken: cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(command).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    public Task<AuditVerification> VerifyAsync(AuditHead? head, CancellationToken cancellationToken) =>
        AuditChain.VerifyAsync(StreamAsync(new AuditQuery(), cancellationToken), head, cancellationToken);

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) => VerifyAsync(null, cancellationToken);

    /// <summary>The last row's id and hash (through the primary key: one row read however long the journal).</summary>
    protected virtual string HeadStatement => "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";

    public async Task<AuditHead> HeadAsync(CancellationToken cancellationToken)
    {
        await BeforeReadAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(HeadStatement, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new AuditHead(reader.GetInt64(0), reader.GetString(1))
            : AuditHead.Empty;
    }

    /// <summary>One statement per <see cref="IdsPerStatement"/> procedures asked about, not one per procedure.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListByProceduresAsync(IReadOnlyCollection<long> procedureIds, string triggerName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedureIds);
        if (procedureIds.Count == 0)
        {
            return [];
        }

        var ids = procedureIds.Distinct().ToArray();
        var chunks = ids.Length <= IdsPerStatement ? [ids] : ids.Chunk(IdsPerStatement).ToList();
        await BeforeReadAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<AuditEntry>();
        foreach (var chunk in chunks)
        {
            rows.AddRange(await QueryAsync<AuditEntry>(connection, ByProceduresStatement, new { ids = chunk, triggerName }).ConfigureAwait(false));
        }

        return chunks.Count > 1 ? rows.OrderBy(r => r.Id).ToList() : rows;
    }

    /// <summary>
    /// The row under the reader (its columns as <see cref="Columns"/> lists them). A time that is no instant (a file
    /// edited by hand) does not end the read: the row says so (<see cref="AuditEntry.Unreadable"/>) and verify reports it.
    /// </summary>
    protected AuditEntry Read(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var (at, unreadable) = TryReadAt(reader, 1);
        return new()
        {
            Id = reader.GetInt64(0),
            At = at,
            Unreadable = unreadable,
            ProcedureId = reader.IsDBNull(2) ? null : reader.GetInt64(2),
            Kind = reader.GetString(3),
            Hierarchy = reader.IsDBNull(4) ? null : reader.GetString(4),
            FromState = reader.IsDBNull(5) ? null : reader.GetString(5),
            ToState = reader.IsDBNull(6) ? null : reader.GetString(6),
            TriggerName = reader.GetString(7),
            Actor = reader.GetString(8),
            Reason = reader.GetString(9),
            Data = reader.IsDBNull(10) ? null : reader.GetString(10),
            PrevHash = reader.GetString(11),
            Hash = reader.GetString(12),
            Nodes = reader.IsDBNull(13) ? null : reader.GetString(13),
            HashVersion = reader.IsDBNull(14) ? 1 : Convert.ToInt32(reader.GetValue(14), CultureInfo.InvariantCulture),
        };
    }

    private (DateTimeOffset At, string? Unreadable) TryReadAt(DbDataReader reader, int ordinal)
    {
        try
        {
            return (ReadAt(reader, ordinal), null);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentOutOfRangeException)
        {
            return (default, $"its time '{AuditChain.Shown(reader.GetValue(ordinal).ToString())}' is not an instant");
        }
    }
}
