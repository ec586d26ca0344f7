
namespace Orchestrator.Storage.Sqlite;

/// <summary>Locates, opens and migrates the product's database in a data directory.</summary>
public sealed class OrchestratorDatabase
{
    public const string FileName = "orchestrator.db";

    /// <summary>The simulated world's file beside it, by default.</summary>
    public const string WorldFileName = "world.db";

    public OrchestratorDatabase(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Connections = new SqliteConnectionFactory(Path.Combine(DataDirectory, FileName));
    }

    public string DataDirectory { get; }

    public SqliteConnectionFactory Connections { get; }

    public bool Exists => File.Exists(Connections.DatabasePath);

    /// <summary>
    /// Creates the directory and database if needed and applies migrations; the file names of those it ran. A data
    /// directory that has been used but lost its database is refused (<see cref="EnsureNotOrphaned"/>) unless
    /// <paramref name="initialise"/> (an explicit `db init --force`) says to start afresh.
    /// </summary>
    public IReadOnlyList<string> EnsureCreated(bool initialise = false)
    {
        if (!initialise)
        {
            EnsureNotOrphaned();
        }

        Directory.CreateDirectory(DataDirectory);
        CheckReadable();
        return SqliteMigrator.Migrate(Connections);
    }

    /// <summary>
    /// What shows this data directory has been used although its database holds nothing: a world file, a non-empty
    /// log, the database's write-ahead log. Empty when the database holds data or the directory is new.
    /// </summary>
    public IReadOnlyList<string> TracesOfUse()
    {
        if (HoldsData || !Directory.Exists(DataDirectory))
        {
            return [];
        }

        var traces = new List<string>();
        if (File.Exists(Path.Combine(DataDirectory, WorldFileName)) && new FileInfo(Path.Combine(DataDirectory, WorldFileName)).Length > 0)
        {
            traces.Add(WorldFileName);
        }

        var logs = Path.Combine(DataDirectory, "logs");
        if (Directory.Exists(logs) && Directory.EnumerateFiles(logs).Any(f => new FileInfo(f).Length > 0))
        {
            traces.Add("logs");
        }

        if (File.Exists(Connections.DatabasePath + "-wal") && new FileInfo(Connections.DatabasePath + "-wal").Length > 0)
        {
            traces.Add(FileName + "-wal");
        }

        return traces;
    }

    /// <summary>
    /// Refuses (a <see cref="StorageException"/>, exit 2) a data directory that has been used but whose database is missing
    /// or empty: re-creating it would silently start a new history (and re-seed the world) beside the old one.
    /// </summary>
    public void EnsureNotOrphaned()
    {
        if (TracesOfUse() is not { Count: > 0 } traces)
        {
            return;
        }

        var state = Exists ? "is empty (0 bytes)" : "is missing";
        throw new StorageException(
            $"database {Connections.DatabasePath} {state}, but data directory {DataDirectory} has been used ({string.Join(", ", traces)}): its history may have been lost; " +
            $"restore {FileName} from a backup, or start afresh with `orchestrator db init --force` (then `cluster apply` seeds {WorldFileName} again)");
    }

    /// <summary>True when the file exists and holds something (an empty file is what an interrupted first start leaves).</summary>
    public bool HoldsData => Exists && new FileInfo(Connections.DatabasePath).Length > 0;

    /// <summary>Fails with a <see cref="StorageException"/> when the file is not a usable SQLite database.</summary>
    public void CheckReadable() => SqliteFileCheck.EnsureUsable(Connections.DatabasePath, "database");
}
