using System.Text.Json;
using Orchestrator.Engine.Errors;

namespace Orchestrator.Host.Web.Security;

/// <summary>
/// <c>dashboard.json</c> in the data directory: the dashboard's hashed credentials. Written atomically and readable
/// by the owner only; a running dashboard notices a change (a new token, a new password) on its next request.
/// </summary>
public sealed class DashboardCredentialStore
{
    public const string FileName = "dashboard.json";

    private static readonly JsonSerializerOptions FileJson = new() { WriteIndented = true };

    private readonly Lock _gate = new();
    private (DateTime WrittenAt, long Length)? _seen;
    private DashboardCredentials? _cached;
    private bool _loaded;

    public DashboardCredentialStore(string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        DataDirectory = Path.GetFullPath(dataDirectory);
        FilePath = Path.Combine(DataDirectory, FileName);
    }

    public string DataDirectory { get; }

    public string FilePath { get; }

    /// <summary>The commands that set credentials, for messages that say how.</summary>
    public string HowToSet =>
        $"run `orchestrator --data-dir {DataDirectory} dashboard set-password USER` (the password is read from standard input) "
        + $"or `orchestrator --data-dir {DataDirectory} dashboard set-token`";

    /// <summary>The stored credentials, or null when none are set. A damaged file is refused with how to fix it.</summary>
    public DashboardCredentials? Load()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        DashboardCredentials? credentials;
        try
        {
            credentials = JsonSerializer.Deserialize<DashboardCredentials>(File.ReadAllText(FilePath), FileJson);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw Damaged(e.Message);
        }

        if (credentials is null || credentials.Format != 1)
        {
            throw Damaged("not a format-1 credentials document");
        }

        return credentials.IsConfigured ? credentials : null;
    }

    /// <summary>
    /// What a running dashboard checks each request against: re-read only when the file changed. A file that cannot
    /// be read counts as credentials that accept nothing (fail closed).
    /// </summary>
    public DashboardCredentials? Current(out bool unreadable)
    {
        lock (_gate)
        {
            var info = new FileInfo(FilePath);
            (DateTime, long)? stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
            unreadable = false;
            if (_loaded && stamp == _seen)
            {
                return _cached;
            }

            try
            {
                _cached = Load();
                _seen = stamp;
                _loaded = true;
                return _cached;
            }
            catch (BadInputException)
            {
                _loaded = false;
                unreadable = true;
                return null;
            }
        }
    }

    /// <summary>Stores a user and a hash of the password (any token stays as it is).</summary>
    public void SetPassword(string user, string password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentNullException.ThrowIfNull(password);
        Save(SecretHasher.WithPassword(LoadOrEmpty(), user, password));
    }

    /// <summary>Replaces the token by a new random one, stores its hash and returns the token (the only time it is seen).</summary>
    public string CreateToken()
    {
        var (token, credentials) = SecretHasher.WithNewToken(LoadOrEmpty());
        Save(credentials);
        return token;
    }

    /// <summary>Removes every credential: the dashboard is then open on a loopback address and refused on any other.</summary>
    public bool Clear()
    {
        if (!File.Exists(FilePath))
        {
            return false;
        }

        File.Delete(FilePath);
        return true;
    }

    private DashboardCredentials LoadOrEmpty()
    {
        try
        {
            return Load() ?? new DashboardCredentials();
        }
        catch (BadInputException)
        {
            return new DashboardCredentials(); // a damaged file is replaced
        }
    }

    private void Save(DashboardCredentials credentials)
    {
        Directory.CreateDirectory(DataDirectory);
        var partial = FilePath + ".partial";
        File.Delete(partial);
        using (var stream = OperatingSystem.IsWindows()
                   ? new FileStream(partial, FileMode.CreateNew, FileAccess.Write)
                   : new FileStream(partial, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            JsonSerializer.Serialize(stream, credentials, FileJson);
            stream.Flush(flushToDisk: true);
        }

        File.Move(partial, FilePath, overwrite: true);
    }

    private BadInputException Damaged(string why) =>
        new($"the dashboard credentials in {FilePath} cannot be read ({why}); set them again: {HowToSet}");
}
