using Orchestrator.Domain.Administration;

namespace Orchestrator.Workflows.HierarchyExtend;

/// <summary>How a store rename is written in its step's target ("mailbox store: OLD -> NEW") and read back by <see cref="StoreRenameAction"/>.</summary>
public static class StoreRenameTarget
{
    private const string Arrow = " -> ";

    public static string Write(StoreRename rename)
    {
        ArgumentNullException.ThrowIfNull(rename);
        return $"{rename.Kind}: {rename.From}{Arrow}{rename.To}";
    }

    public static StoreRename Read(string node, string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var colon = target.IndexOf(": ", StringComparison.Ordinal);
        var arrow = colon < 0 ? -1 : target.IndexOf(Arrow, colon + 2, StringComparison.Ordinal);
        if (colon < 0 || arrow < 0)
        {
            throw new FormatException($"'{target}' is not a store rename (KIND: FROM -> TO)");
        }

        return new StoreRename(node, target[..colon], target[(colon + 2)..arrow], target[(arrow + Arrow.Length)..]);
    }
}
