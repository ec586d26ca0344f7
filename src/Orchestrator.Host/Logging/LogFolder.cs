namespace Orchestrator.Host.Logging;

/// <summary>
/// The data directory's logs folder, and whether this process can write in it. A folder that cannot be written (a file
/// where the folder should be, a read-only disk, no permission) is said once per process on stderr and the process goes
/// on without a log file: a log is not worth refusing a read, nor stopping a runner.
/// </summary>
public static class LogFolder
{
    private static int _said;

    public static string For(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "logs");

    /// <summary>Null when a file can be created in <paramref name="logs"/> (created if missing; the probe leaves nothing behind), else why not.</summary>
    public static string? Unwritable(string logs)
    {
        try
        {
            Directory.CreateDirectory(logs);
            using var probe = new FileStream(
                Path.Combine(logs, $".probe-{System.Environment.ProcessId}-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>Says, the first time in this process only, that <paramref name="logs"/> cannot be written and the process goes on without it.</summary>
    public static void SayUnwritableOnce(string logs, string reason)
    {
        if (Interlocked.Exchange(ref _said, 1) == 0)
        {
            Console.Error.WriteLine($"warning: cannot write the log in {logs} ({reason}); going on without a log file (make {logs} a writable folder to have one)");
        }
    }
}
