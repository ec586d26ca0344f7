namespace Orchestrator.Environment.World;

/// <summary>
/// S10/S11: what one node's Exchange server says of one application when it was set explicitly (`world set-stores`,
/// `world exchange-data`, a store rename): its database names and where its data lives. A null list or path means "as
/// derived from the hierarchy" (the default names, the paths on the hierarchy's volumes).
/// </summary>
public sealed class ExchangeServerRecord
{
    public List<string>? StorageGroups { get; set; }

    public List<string>? MailboxStores { get; set; }

    public List<string>? PublicStores { get; set; }

    /// <summary>The node's system drive (null: "C:").</summary>
    public string? SystemDrive { get; set; }

    public string? Database { get; set; }

    public string? Logs { get; set; }

    public string? SmtpQueue { get; set; }

    public string? Badmail { get; set; }

    public ExchangeServerRecord Clone() => new()
    {
        StorageGroups = StorageGroups is null ? null : [.. StorageGroups],
        MailboxStores = MailboxStores is null ? null : [.. MailboxStores],
        PublicStores = PublicStores is null ? null : [.. PublicStores],
        SystemDrive = SystemDrive,
        Database = Database,
        Logs = Logs,
        SmtpQueue = SmtpQueue,
        Badmail = Badmail,
    };
}
