using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Host.Audit;

/// <summary>
/// Issue 15: writes the audit journal's head (<see cref="AuditHead"/>, SEQ:HASH) to the log when <c>serve</c> starts and
/// every <see cref="Interval"/> after, so a journal whose last rows were removed disagrees with its own logs (check one
/// with <c>audit verify --head SEQ:HASH</c>). Its time is the <see cref="TimeProvider"/> (a test drives it). A head that
/// cannot be read is a warning, never the end of serving.
/// </summary>
public sealed class AuditHeadLog(IAuditJournal journal, TimeProvider time, ILogger<AuditHeadLog> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private DateTimeOffset _next;

    /// <summary>
    /// Logs the head once before it returns (so the start of serve has it), then every hour after that start on its own
    /// (counted from the start, not from when the background loop first runs).
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _next = time.GetUtcNow() + Interval;
        await LogHeadAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wait = _next - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                }

                for (var now = time.GetUtcNow(); _next <= now;)
                {
                    _next += Interval; // a machine that slept through hours logs once, then keeps the hour
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await LogHeadAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task LogHeadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var head = await journal.HeadAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Audit journal head {AuditHead:l}", head.ToString());
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "The audit journal's head could not be read ({Problem}); it is logged again within the hour", e.Message);
        }
    }
}
