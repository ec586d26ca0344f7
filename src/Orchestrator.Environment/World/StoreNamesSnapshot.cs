namespace Orchestrator.Environment.World;

/// <summary>S11: the database names one node's Exchange server has for one application, as `world show` lists them.</summary>
public sealed record StoreNamesSnapshot(
    string Node, string Application, IReadOnlyList<string> StorageGroups, IReadOnlyList<string> MailboxStores, IReadOnlyList<string> PublicStores);
