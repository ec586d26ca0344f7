using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dapper;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.Sqlite;

/// <summary>The audit journal in SQLite; UPDATE and DELETE are refused by triggers.</summary>
public sealed class SqliteAuditJournal(SqliteConnectionFactory factory) : IAuditJournal
{
    public async Task AppendAsync(NewAuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction();
        await SqliteLeaderFence.CheckAsync(connection, transaction).ConfigureAwait(false); // a leader's decision: its epoch still current (issue 13)
        await SqliteAuditWriter.AppendAsync(connection, transaction, [entry]).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (sql, parameters) = ListSql(query);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<AuditEntry>(sql, parameters).ConfigureAwait(false)).AsList();
    }

    public async Task<AuditEntry?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<AuditEntry>("SELECT * FROM audit_log WHERE id = @id", new { id }).ConfigureAwait(false);
    }

    /// <summary>The page <see cref="ListAsync"/> reads: the newest rows of the filter, or those after <see cref="AuditQuery.AfterId"/>.</summary>
    internal static (string Sql, DynamicParameters Parameters) ListSql(AuditQuery query)
    {
        var (where, parameters) = AuditFilterSql.Build(query);
        parameters.Add("limit", query.Limit);
        var sql = query.AfterId is null
            ? $"SELECT * FROM (SELECT * FROM audit_log {where} ORDER BY id DESC LIMIT @limit) ORDER BY id"
            : $"SELECT * FROM audit_log {where} ORDER BY id LIMIT @limit";
        return (sql, parameters);
    }

    /// <summary>
    /// Rows are read on a background task into a bounded channel while the caller consumes them (hashing, writing an
    /// export), so reading and processing overlap; a raw reader, column by column, with exact-format time parsing.
    /// </summary>
    public async IAsyncEnumerable<AuditEntry> StreamAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var channel = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(8192) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(query, channel.Writer, stop.Token), stop.Token);
        try
        {
            await foreach (var row in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return row;
            }

            await producer.ConfigureAwait(false); // its errors surface here
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task ProduceAsync(AuditQuery query, ChannelWriter<AuditEntry> writer, CancellationToken cancellationToken)
    {
        try
        {
            var (where, parameters) = AuditFilterSql.BuildRaw(query);
            await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText =
                $"SELECT id, at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes FROM audit_log {where} ORDER BY id";
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue("@" + name, value);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

            // Microsoft.Data.Sqlite reads synchronously anyway; Read() spares a task per row.
            while (reader.Read())
            {
                var row = new AuditEntry
                {
                    Id = reader.GetInt64(0),
                    At = DapperConfiguration.ParseInstant(reader.GetString(1)),
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
                };
                if (!writer.TryWrite(row))
                {
                    await writer.WriteAsync(row, cancellationToken).ConfigureAwait(false);
                }
            }

            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
            throw;
        }
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) =>
        AuditChain.VerifyAsync(StreamAsync(new AuditQuery(), cancellationToken), cancellationToken);

    /// <summary>Ids are sent in chunks well under SQLite's parameter limit; still one statement per chunk, not per procedure.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListByProceduresAsync(IReadOnlyCollection<long> procedureIds, string triggerName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedureIds);
        var rows = new List<AuditEntry>();
        if (procedureIds.Count == 0)
        {
            return rows;
        }

        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var ids in procedureIds.Distinct().Chunk(ProcedureIdsPerQuery))
        {
            rows.AddRange(await connection.QueryAsync<AuditEntry>(
                "SELECT * FROM audit_log WHERE procedure_id IN @ids AND trigger_name = @triggerName ORDER BY id", new { ids, triggerName }).ConfigureAwait(false));
        }

        return rows.Count > 0 && procedureIds.Count > ProcedureIdsPerQuery ? rows.OrderBy(r => r.Id).ToList() : rows;
    }

    private const int ProcedureIdsPerQuery = 900;
}
