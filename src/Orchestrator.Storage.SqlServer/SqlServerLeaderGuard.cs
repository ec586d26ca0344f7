using System.Data;
using Microsoft.Data.SqlClient;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// The guard that lets a runner take a live leader term over on SQL Server, the twin of PostgreSQL's advisory lock: an
/// exclusive application lock (<c>sp_getapplock</c>, <c>@LockOwner = 'Session'</c>, never waiting) on the role's resource,
/// held on a dedicated, unpooled connection for as long as the runner leads. Only one session holds it, so its holder
/// knows any other term's holder is dead or cut off from the database. When that connection drops (the process dies, the
/// network fails, the session is killed) the server frees the lock; <see cref="IsHeldAsync"/> (<c>APPLOCK_MODE</c>) then
/// answers false, so the runner stops renewing as guarded and its term expires unless it takes the guard again.
/// <para>
/// SQL Server has no idle-session timeout: a holder partitioned from the server keeps its session (and the lock) until the
/// server's TCP keep-alive gives the connection up (its KeepAlive setting, 30 s by default, then a few probes). Meanwhile
/// no other runner can take the lock, but its term still expires after a lease: the next runner acquires the expired term
/// unguarded (<see cref="Domain.Rules.LeaderTermRule.GuardedEpochFor"/>), and the fence refuses the old leader's writes.
/// </para>
/// </summary>
public sealed class SqlServerLeaderGuard : IAsyncDisposable
{
    private readonly string _connectionString;
    private SqlConnection? _session;
    private long _sessions;

    public SqlServerLeaderGuard(string connectionString, string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        // Unpooled: a pooled connection would go back to the pool with the session's lock still held.
        _connectionString = new SqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        Resource = ResourceOf(role);
    }

    /// <summary>The application lock's resource for <paramref name="role"/> (at most 255 characters).</summary>
    public static string ResourceOf(string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        var resource = "orchestrator leader:" + role;
        return resource.Length <= 255 ? resource : resource[..255];
    }

    /// <summary>The resource this guard locks.</summary>
    public string Resource { get; }

    /// <summary>How many sessions have taken the lock so far: a holder that sees it change lost the lock in between.</summary>
    public long Sessions => Interlocked.Read(ref _sessions);

    /// <summary>Takes the lock when free (at once, never waiting); true when this guard holds it afterwards.</summary>
    public async Task<bool> TryAcquireAsync(CancellationToken cancellationToken)
    {
        if (await IsHeldAsync(cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        var session = new SqlConnection(_connectionString);
        try
        {
            await session.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var take = new SqlCommand("sp_getapplock", session) { CommandType = CommandType.StoredProcedure };
            take.Parameters.AddWithValue("@Resource", Resource);
            take.Parameters.AddWithValue("@LockMode", "Exclusive");
            take.Parameters.AddWithValue("@LockOwner", "Session");
            take.Parameters.AddWithValue("@LockTimeout", 0);
            var result = take.Parameters.Add("@Result", SqlDbType.Int);
            result.Direction = ParameterDirection.ReturnValue;
            await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (result.Value is int granted && granted >= 0)
            {
                _session = session;
                Interlocked.Increment(ref _sessions);
                return true;
            }
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await session.DisposeAsync().ConfigureAwait(false); // -1: another session holds it
        return false;
    }

    /// <summary>Whether the lock is still held: the dedicated session answers and still holds it. A dropped session is closed and forgotten: false.</summary>
    public async Task<bool> IsHeldAsync(CancellationToken cancellationToken)
    {
        if (_session is not { } session)
        {
            return false;
        }

        try
        {
            await using var command = new SqlCommand("SELECT APPLOCK_MODE('public', @resource, 'Session')", session);
            command.Parameters.AddWithValue("@resource", Resource);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is "Exclusive")
            {
                return true;
            }
        }
        catch (Exception e) when (e is SqlException or InvalidOperationException or IOException)
        {
            // The session dropped: the server has freed the lock.
        }

        await ForgetAsync().ConfigureAwait(false);
        return false;
    }

    /// <summary>Gives the lock back (closing its session frees it); nothing when not held.</summary>
    public async Task ReleaseAsync() => await ForgetAsync().ConfigureAwait(false);

    public ValueTask DisposeAsync() => new(ForgetAsync());

    private async Task ForgetAsync()
    {
        if (Interlocked.Exchange(ref _session, null) is { } session)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
