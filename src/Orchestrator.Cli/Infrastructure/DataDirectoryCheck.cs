using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// What a data directory must be before any command uses it: a usable path that is a directory (or can become one), not
/// a file or a path under one, and whose runner lock, if any, is a file. Read-only: a refusal changes nothing.
/// </summary>
public static class DataDirectoryCheck
{
    /// <summary>The full path of <paramref name="text"/> (from <paramref name="source"/>), or a <see cref="BadInputException"/> naming it and the fix.</summary>
    public static string Resolve(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new BadInputException($"the data directory given by {source} is empty; name a directory (e.g. --data-dir ./.orchestrator)");
        }

        string path;
        try
        {
            path = Path.GetFullPath(text);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new BadInputException($"the data directory '{text}' given by {source} is not a usable path ({e.Message}); name a directory");
        }

        if (File.Exists(path))
        {
            throw new BadInputException($"the data directory {path} (from {source}) is a file, not a directory; name a directory");
        }

        for (var parent = Path.GetDirectoryName(path); parent is not null && !Directory.Exists(parent); parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                throw new BadInputException($"the data directory {path} (from {source}) is under {parent}, which is a file, not a directory; name a directory");
            }
        }

        var runnerLock = Path.Combine(path, RunnerLock.FileName);
        if (Directory.Exists(runnerLock))
        {
            throw new BadInputException(RunnerLock.NotAFile(runnerLock));
        }

        return path;
    }
}
