using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// The guard that lets a runner take a live leader term over on PostgreSQL (<c>guarded</c> in
/// <see cref="Leadership.ILeaderStore.TryAcquireOrRenewAsync"/>): a session-level <c>pg_try_advisory_lock</c> on the
/// role's key, held on a dedicated, unpooled connection for as long as the runner leads. Only one live session holds it,
/// so its holder knows any other term's holder is dead or partitioned from the database. When that connection drops
/// (the runner's process dies, the network fails, the backend is terminated) the server frees the lock at once;
/// <see cref="IsHeldAsync"/> then answers false, so the runner stops renewing as guarded and its term expires unless it
/// takes the guard again. <see cref="ReleaseAsync"/> (or disposal) gives the lock and the connection back.
/// <para>
/// A partitioned holder's connection does not drop by itself: the server sees a quiet client (and the peer's kernel may
/// still answer its TCP keepalives), so the lock would stay held as long as the partition lasts and no other runner could
/// lead. With an idle limit (the leader's lease), the holder's session asks the server to end it once it has been idle that
/// long (<c>idle_session_timeout</c>, PostgreSQL 14+); the holder touches it at every <see cref="TryAcquireAsync"/> or
/// <see cref="IsHeldAsync"/> (a tick, every third of a lease), so only a holder that stopped proving it is alive loses it.
/// On an older server the session gets TCP keepalives and a TCP user timeout of the same length instead, which end it only
/// when the holder's host stops answering at the TCP level (a host down or a real network cut, not a silent process).
/// </para>
/// </summary>
public sealed class PostgresLeaderGuard : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly long _key;
    private readonly TimeSpan? _idleLimit;
    private NpgsqlConnection? _session;
    private long _sessions;

    /// <summary>A guard whose session the server never ends for being idle (see the overload with an idle limit).</summary>
    public PostgresLeaderGuard(string connectionString, string role)
        : this(connectionString, role, idleLimit: null)
    {
    }

    /// <summary>
    /// A guard whose session the server ends once idle for <paramref name="idleLimit"/> (null: never), freeing the lock:
    /// its holder must touch it (<see cref="TryAcquireAsync"/>, <see cref="IsHeldAsync"/>) more often than that.
    /// </summary>
    public PostgresLeaderGuard(string connectionString, string role, TimeSpan? idleLimit)
    {
        if (idleLimit is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, TimeSpan.FromMilliseconds(1), nameof(idleLimit));
        }

        _idleLimit = idleLimit;
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        // Unpooled: a pooled connection would go back to the pool with the session's lock still held.
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        _key = KeyOf(role);
    }

    /// <summary>The advisory lock's key for <paramref name="role"/>: the first 8 bytes of SHA-256("orchestrator leader:" + role).</summary>
    public static long KeyOf(string role) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("orchestrator leader:" + role)));

    /// <summary>How many sessions have taken the lock so far: a holder that sees it change lost the lock in between.</summary>
    public long Sessions => Interlocked.Read(ref _sessions);

    /// <summary>The backend process id of the session holding the lock, or null when not held (for operators and tests).</summary>
    public int? BackendPid => _session?.ProcessID;

    /// <summary>Takes the lock when free (at once, never waiting); true when this guard holds it afterwards.</summary>
    public async Task<bool> TryAcquireAsync(CancellationToken cancellationToken)
    {
        if (await IsHeldAsync(cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        var session = new NpgsqlConnection(_connectionString);
        try
        {
            await session.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", session);
            command.Parameters.AddWithValue("key", _key);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                await LimitIdleAsync(session, cancellationToken).ConfigureAwait(false);
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

        await session.DisposeAsync().ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// Whether the lock is still held: the dedicated session answers and still holds it (pg_locks). A dropped session is
    /// closed and forgotten: false.
    /// </summary>
    public async Task<bool> IsHeldAsync(CancellationToken cancellationToken)
    {
        if (_session is not { } session)
        {
            return false;
        }

        try
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
                                 AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = @key)
                """, session);
            command.Parameters.AddWithValue("key", _key);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return true;
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The session dropped: the server has freed the lock.
        }

        await ForgetAsync().ConfigureAwait(false);
        return false;
    }

    /// <summary>PostgreSQL 14+: <c>idle_session_timeout</c>; older: server-side TCP keepalives and user timeout (see the type).</summary>
    private async Task LimitIdleAsync(NpgsqlConnection session, CancellationToken cancellationToken)
    {
        if (_idleLimit is not { } limit)
        {
            return;
        }

        var ms = (long)Math.Ceiling(limit.TotalMilliseconds);
        var seconds = Math.Max(1, (long)Math.Ceiling(limit.TotalSeconds / 3));
        var sql = session.PostgreSqlVersion.Major >= 14
            ? string.Create(CultureInfo.InvariantCulture, $"SET idle_session_timeout = {ms}")
            : string.Create(CultureInfo.InvariantCulture,
                $"SET tcp_keepalives_idle = {seconds}; SET tcp_keepalives_interval = {seconds}; SET tcp_keepalives_count = 3; SET tcp_user_timeout = {ms}");
        await using var command = new NpgsqlCommand(sql, session);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives the lock back (unlocked, then its session closed); nothing when not held.</summary>
    public async Task ReleaseAsync()
    {
        // Unlocked explicitly before the session closes: a closed connection's backend exits, and frees the lock, only a
        // moment later, so the next runner's try right after a clean stop could still find it taken.
        if (Volatile.Read(ref _session) is { State: System.Data.ConnectionState.Open } session)
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", session);
                command.Parameters.AddWithValue("key", _key);
                await command.ExecuteScalarAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The session dropped: the server has freed the lock.
            }
        }

        await ForgetAsync().ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => new(ForgetAsync());

    private async Task ForgetAsync()
    {
        if (Interlocked.Exchange(ref _session, null) is { } session)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
