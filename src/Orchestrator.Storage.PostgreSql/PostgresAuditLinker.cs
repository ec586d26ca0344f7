using Npgsql;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Moves committed pending audit rows into the hash chain (<c>audit_link_pending()</c>, db/postgres/0013), one database's
/// linker per <see cref="PostgresConnectionFactory"/>. A writer calls <see cref="Nudge"/> after its commit: one link runs
/// in the background at a time, a few milliseconds after the nudge that started it (<see cref="GatherDelay"/>), and
/// nudges that come while it runs make it run once more when it ends, so one link (one commit, one WAL flush, one hold of
/// the head row) takes the rows of many step commits — of a storm's concurrent ones, and of a lone runner's steps that
/// follow one another. A reader calls
/// <see cref="LinkAsync"/> before it reads, so it never misses a committed row. A failed background link (the database
/// unavailable) leaves its rows pending for the next link: nothing is lost, and nothing waits on it.
/// </summary>
public sealed class PostgresAuditLinker
{
    private const int Idle = 0;
    private const int Running = 1;
    private const int RunAgain = 2;

    /// <summary>How long a background link waits for more commits before it links (a transition is durable at its commit; only its place in the chain waits).</summary>
    public static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(10);

    private readonly Func<CancellationToken, Task<NpgsqlConnection>> _open;
    private int _state;
    private long _backgroundLinks;
    private Task _loop = Task.CompletedTask;

    internal PostgresAuditLinker(Func<CancellationToken, Task<NpgsqlConnection>> open) => _open = open;

    /// <summary>How many background links ran (each one commit), for the storm's figures and tests.</summary>
    public long BackgroundLinks => Interlocked.Read(ref _backgroundLinks);

    /// <summary>Links every committed pending row now (a reader's call before it reads); returns how many rows it moved.</summary>
    public async Task<int> LinkAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT audit_link_pending()", connection);
        try
        {
            return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (PostgresException e) when (PostgresAuditWriter.IsMissingHead(e))
        {
            throw PostgresAuditWriter.MissingHead(e);
        }
    }

    /// <summary>Asks for a link after a commit that appended audit rows; returns at once.</summary>
    public void Nudge()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state == RunAgain)
            {
                return;
            }

            var next = state == Idle ? Running : RunAgain;
            if (Interlocked.CompareExchange(ref _state, next, state) != state)
            {
                continue;
            }

            if (state == Idle)
            {
                _loop = Task.Run(LoopAsync);
            }

            return;
        }
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) for a background link under way, so a process that ends leaves nothing it could have linked.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        try
        {
            await _loop.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Left pending: the next link of any process takes the rows.
        }
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(GatherDelay).ConfigureAwait(false);
                await LinkAsync(CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref _backgroundLinks);
            }
            catch (Exception e) when (e is NpgsqlException or StorageException or ObjectDisposedException or InvalidOperationException)
            {
                // The rows stay pending (committed, not lost); the next nudge's or reader's link moves them.
            }

            if (Interlocked.CompareExchange(ref _state, Idle, Running) == Running)
            {
                return;
            }

            Volatile.Write(ref _state, Running);
        }
    }
}
