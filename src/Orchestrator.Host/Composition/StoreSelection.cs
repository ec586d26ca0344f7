namespace Orchestrator.Host.Composition;

/// <summary>The chosen store and, for a server database, its connection string (may hold a password: print it only redacted).</summary>
public sealed record StoreSelection(StoreKind Kind, string? Connection)
{
    public static StoreSelection Sqlite { get; } = new(StoreKind.Sqlite, null);
}
