namespace Orchestrator.Cli.Infrastructure;

/// <summary>A server database lacks migrations: the command is refused (exit 1) rather than migrating it silently.</summary>
public sealed class DatabaseNotMigratedException(string description, IReadOnlyList<string> missing)
    : Exception($"the {description} is not migrated ({missing.Count} migration(s) missing: {string.Join(", ", missing)}); run `orchestrator db migrate` first")
{
    public IReadOnlyList<string> Missing { get; } = missing;
}
