using Orchestrator.Engine.Errors;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// The embedded (SQLite) mode runs steps in one process at a time: the holder of this file lock.
/// The operating system releases it when the holder dies, even by SIGKILL; the claims the dead holder left are not
/// released by the new holder but taken over once their leases expire (lease expiry is the recovery).
/// </summary>
public sealed class RunnerLock : IDisposable
{
    public const string FileName = "runner.lock";

    private readonly FileStream _stream;

    private RunnerLock(FileStream stream) => _stream = stream;

    public static RunnerLock? TryAcquire(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (Directory.Exists(path))
        {
            throw new BadInputException(NotAFile(path));
        }

        Directory.CreateDirectory(dataDirectory);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new RunnerLock(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The refusal of a runner lock path that is a directory: the file is the lock, a directory cannot be one.</summary>
    public static string NotAFile(string path) =>
        $"the runner lock {path} is a directory, not a file; remove it (`rmdir {path}`): the lock file is created again when needed";

    public void Dispose() => _stream.Dispose();
}
