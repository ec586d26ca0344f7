namespace Orchestrator.Storage.Leadership;

/// <summary>
/// A decision made under a leader term that is no longer the stored, live one (another runner took over, or the term
/// expired): refused in the transaction that would have written it, so nothing was written.
/// </summary>
public sealed class StaleLeaderException(string role, long epoch, LeaderTerm? stored)
    : Exception($"this runner's term as leader of '{role}' (epoch {epoch}) is no longer current ({Describe(stored)}); its decision was refused and nothing was written")
{
    public string Role { get; } = role;

    public long Epoch { get; } = epoch;

    public LeaderTerm? Stored { get; } = stored;

    private static string Describe(LeaderTerm? stored) =>
        stored is null ? "no term is stored" : $"the stored term is epoch {stored.Epoch} of {stored.Holder}, until {stored.ExpiresAt:u}";
}
