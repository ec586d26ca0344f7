namespace Orchestrator.Testing.Lab;

/// <summary>
/// The accepted messages against the mailbox: how many got a 250, how many are delivered, which accepted ids are
/// missing (lost), which are delivered more than once, and which are delivered without a 250 seen by the client (a
/// reply lost with its connection: delivered all the same, not counted as accepted).
/// </summary>
public sealed record LabMailCheck(int Accepted, int Delivered, IReadOnlyList<string> Lost, IReadOnlyList<string> Duplicated, IReadOnlyList<string> Unacknowledged)
{
    public static LabMailCheck Compare(IReadOnlyCollection<string> accepted, IReadOnlyList<string> delivered)
    {
        var there = delivered.ToHashSet(StringComparer.Ordinal);
        var acceptedSet = accepted.ToHashSet(StringComparer.Ordinal);
        return new LabMailCheck(
            accepted.Count,
            delivered.Count,
            accepted.Where(id => !there.Contains(id)).ToList(),
            delivered.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList(),
            there.Where(id => !acceptedSet.Contains(id)).Order(StringComparer.Ordinal).ToList());
    }

    public override string ToString() =>
        $"{Accepted} accepted, {Delivered} delivered, {Lost.Count} lost, {Duplicated.Count} delivered twice, {Unacknowledged.Count} delivered without a 250 seen"
        + (Lost.Count > 0 ? $" (lost: {string.Join(' ', Lost.Take(10))})" : "");
}
