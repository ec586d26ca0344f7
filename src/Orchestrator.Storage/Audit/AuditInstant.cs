namespace Orchestrator.Storage.Audit;

/// <summary>
/// An audit row's time as every provider stores and hashes it: UTC, whole microseconds (what PostgreSQL's timestamptz
/// keeps). Every writer cuts the time with <see cref="Normalise"/> before hashing, so the same entries make the same chain
/// on any provider and a journal moved from one to another still verifies.
/// </summary>
public static class AuditInstant
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static DateTimeOffset Normalise(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TicksPerMicrosecond), TimeSpan.Zero);
    }
}
