namespace Orchestrator.Domain.Administration;

/// <summary>S11: one rename the backup needs so its database names match the primary's: a <paramref name="Kind"/> ("storage group", "mailbox store", "public store") from one name to another.</summary>
public sealed record StoreRename(string Node, string Kind, string From, string To)
{
    public override string ToString() => $"on {Node}, rename {Kind} '{From}' to '{To}'";
}
