using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dapper;
using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.Sqlite;

/// <summary>The audit journal in SQLite (<see cref="DatabaseAuditJournal"/>); UPDATE and DELETE are refused by triggers.</summary>
public sealed class SqliteAuditJournal(SqliteConnectionFactory factory) : DatabaseAuditJournal
{
    /// <summary>Well under SQLite's parameter limit; still one statement per chunk, not per procedure.</summary>
    protected override int IdsPerStatement => 900;

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await factory.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>SQLite has one writer: an append waits for the file's write gate.</summary>
    protected override async Task<DbConnection> OpenWriteAsync(CancellationToken cancellationToken) =>
        await factory.OpenWriteAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Through Dapper, whose type handlers (<see cref="DapperConfiguration"/>) read SQLite's text instants.</summary>
    protected override async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, object? param) =>
        (await connection.QueryAsync<T>(sql, param).ConfigureAwait(false)).AsList();

    /// <summary>A leader's decision: its epoch still current (issue 13).</summary>
    protected override async Task AppendInTransactionAsync(DbConnection connection, DbTransaction tx, NewAuditEntry entry)
    {
        await SqliteLeaderFence.CheckAsync((SqliteConnection)connection, tx).ConfigureAwait(false);
        await SqliteAuditWriter.AppendAsync((SqliteConnection)connection, (SqliteTransaction)tx, [entry]).ConfigureAwait(false);
    }

    protected override (string Where, DynamicParameters Parameters) Filter(AuditQuery query) => AuditFilterSql.Build(query);

    protected override string Page(string where, bool newest) => PageSql(where, newest);

    protected override DateTimeOffset ReadAt(DbDataReader reader, int ordinal) => DapperConfiguration.ParseInstant(reader.GetString(ordinal));

    /// <summary>The page <see cref="DatabaseAuditJournal.ListAsync"/> reads: the newest rows of the filter, or those after <see cref="AuditQuery.AfterId"/>.</summary>
    internal static (string Sql, DynamicParameters Parameters) ListSql(AuditQuery query)
    {
        var (where, parameters) = AuditFilterSql.Build(query);
        parameters.Add("limit", query.Limit);
        return (PageSql(where, query.AfterId is null), parameters);
    }

    private static string PageSql(string where, bool newest) => newest
        ? $"SELECT * FROM (SELECT * FROM audit_log {where} ORDER BY id DESC LIMIT @limit) ORDER BY id"
        : $"SELECT * FROM audit_log {where} ORDER BY id LIMIT @limit";

    /// <summary>
    /// Rows are read on a background task into a bounded channel while the caller consumes them (hashing, writing an
    /// export), so reading and processing overlap; a raw reader, column by column, with exact-format time parsing.
    /// </summary>
    public override async IAsyncEnumerable<AuditEntry> StreamAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
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
            command.CommandText = $"SELECT {Columns} FROM audit_log {where} ORDER BY id";
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue("@" + name, value);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

            // Microsoft.Data.Sqlite reads synchronously anyway; Read() spares a task per row.
            while (reader.Read())
            {
                var row = Read(reader);
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
}
