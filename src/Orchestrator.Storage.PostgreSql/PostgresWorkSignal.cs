using Npgsql;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Issue 13 point 3 on PostgreSQL: a commit that makes a step ready without claiming it (a launch from the CLI, an
/// operator's retry) NOTIFYs <see cref="Channel"/> in its transaction (delivered only if it commits), and the runner's
/// sweeper LISTENs here, so such a step is dispatched within milliseconds instead of at the next pass. One connection,
/// opened at the first wait and held; lost, it is opened again a second later (meanwhile the interval still sweeps), and
/// every (re)connection signals once, for what was committed while nobody listened.
/// </summary>
public sealed class PostgresWorkSignal(PostgresConnectionFactory factory) : IWorkSignal, IAsyncDisposable, IDisposable
{
    public const string Channel = "orchestrator_work";

    /// <summary>The statement a commit adds to NOTIFY the runners.</summary>
    internal const string NotifySql = $"SELECT pg_notify('{Channel}', '')";

    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private Task? _listening;

    public async Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _listening ??= Task.Run(() => ListenAsync(_stopping.Token), CancellationToken.None);
        }

        await _signal.WaitAsync(interval, cancellationToken).ConfigureAwait(false);
    }

    private async Task ListenAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await factory.OpenAsync(stopping).ConfigureAwait(false);
                connection.Notification += (_, _) => Signal();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                }

                Signal();
                while (true)
                {
                    await connection.WaitAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!stopping.IsCancellationRequested)
            {
                // The database unavailable: the sweeper's interval still runs (and says so); listen again shortly.
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Signal()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Signalled already: one pass serves both.
        }
    }

    /// <summary>Stops listening (the connection closes as the loop ends).</summary>
    public void Dispose() => _stopping.Cancel();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_listening is { } listening)
        {
            await listening.ConfigureAwait(false);
        }

        _stopping.Dispose();
        _signal.Dispose();
    }
}
