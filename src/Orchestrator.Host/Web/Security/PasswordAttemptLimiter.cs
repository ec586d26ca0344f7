using System.Threading.RateLimiting;

namespace Orchestrator.Host.Web.Security;

/// <summary>
/// Issue 15: what a password check may cost the process that runs the monitor and the steps. A Basic credential not
/// already verified needs a deliberately slow PBKDF2 hash (600,000 iterations), so such checks are limited per client
/// (remote address) and for all clients together (token buckets: <see cref="PerClientBurst"/> then one per
/// <see cref="PerClientPeriod"/>; <see cref="GlobalBurst"/> then one per <see cref="GlobalPeriod"/>); past a limit the
/// request is refused (429 with Retry-After) without hashing. The hashes that are allowed run at most
/// <see cref="ConcurrentHashes"/> at a time, each on a dedicated thread — never on the thread pool, where the monitor's
/// rounds and the steps run. A credential once verified is remembered by <see cref="DashboardAccessRule"/>, so a
/// signed-in dashboard never comes here again and is served whatever the limits say.
/// </summary>
public sealed class PasswordAttemptLimiter : IDisposable
{
    public const int PerClientBurst = 10;
    public const int GlobalBurst = 30;
    public const int ConcurrentHashes = 1;

    public static readonly TimeSpan PerClientPeriod = TimeSpan.FromSeconds(12);
    public static readonly TimeSpan GlobalPeriod = TimeSpan.FromSeconds(2);

    /// <summary>How long a check waits for its turn to hash before it is refused as too many at once.</summary>
    public static readonly TimeSpan HashQueueWait = TimeSpan.FromSeconds(5);

    private const string Everyone = "*";

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ => Bucket(PerClientBurst, PerClientPeriod))),
        PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetTokenBucketLimiter(Everyone, _ => Bucket(GlobalBurst, GlobalPeriod))));

    private readonly SemaphoreSlim _hashing = new(ConcurrentHashes, ConcurrentHashes);

    /// <summary>
    /// Runs <paramref name="check"/> (the slow hash) if <paramref name="client"/> and everyone together are within their
    /// limits and a hashing slot frees up in time: its answer, or null with how long to wait before trying again.
    /// </summary>
    public async Task<(bool? Matches, TimeSpan RetryAfter)> CheckAsync(string client, Func<bool> check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(check);
        using (var lease = _limiter.AttemptAcquire(client))
        {
            if (!lease.IsAcquired)
            {
                var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : PerClientPeriod;
                return (null, wait);
            }
        }

        if (!await _hashing.WaitAsync(HashQueueWait, cancellationToken).ConfigureAwait(false))
        {
            return (null, TimeSpan.FromSeconds(1));
        }

        try
        {
            var matches = await Task.Factory.StartNew(check, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            return (matches, TimeSpan.Zero);
        }
        finally
        {
            _hashing.Release();
        }
    }

    public void Dispose()
    {
        _limiter.Dispose();
        _hashing.Dispose();
    }

    private static TokenBucketRateLimiterOptions Bucket(int burst, TimeSpan period) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
