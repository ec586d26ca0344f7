namespace Orchestrator.Environment.World;

/// <summary>S22: persisted state of one mailbox user: its domain and the server it is homed on.</summary>
public sealed class UserRecord
{
    public string Name { get; set; } = "";

    public string Domain { get; set; } = "";

    public string Home { get; set; } = "";

    /// <summary>S24: the server whose public store is the mailbox's default public store (null: its home server's).</summary>
    public string? DefaultPublicStore { get; set; }

    /// <summary>S15: the directory account (DOMAIN\user) that last moved the mailbox; null when it never moved.</summary>
    public string? MovedBy { get; set; }

    public UserRecord Clone() => new() { Name = Name, Domain = Domain, Home = Home, DefaultPublicStore = DefaultPublicStore, MovedBy = MovedBy };
}
