namespace Orchestrator.Domain.Administration;

/// <summary>S11: the Exchange database names of one server, in the server's order: storage groups, mailbox stores and public stores.</summary>
public sealed record StoreNames(IReadOnlyList<string> StorageGroups, IReadOnlyList<string> MailboxStores, IReadOnlyList<string> PublicStores);
