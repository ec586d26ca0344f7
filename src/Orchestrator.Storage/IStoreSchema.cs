namespace Orchestrator.Storage;

/// <summary>A provider's schema: which of its migrations a database lacks, and applying them (`db check`, `db migrate`).</summary>
public interface IStoreSchema
{
    /// <summary>Which database this is, for messages: never a credential.</summary>
    string Description { get; }

    /// <summary>The migrations not yet applied, by file name, in order (all of them for an empty database). Changes nothing.</summary>
    /// <exception cref="StoreUnavailableException">The database cannot be reached.</exception>
    IReadOnlyList<string> PendingMigrations();

    /// <summary>Applies the missing migrations; the file names of those it ran (none when the database was up to date).</summary>
    /// <exception cref="StoreUnavailableException">The database cannot be reached.</exception>
    IReadOnlyList<string> Migrate();
}
