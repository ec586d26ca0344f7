using System.Text;
using Serilog.Sinks.File;

namespace Orchestrator.Host.Logging;

/// <summary>
/// Makes Serilog's file sink safe for the several processes that write one log file at once (`serve` and short CLI
/// commands): each event is appended whole at the file's current end, under a lock on the file that every process
/// honours (<see cref="AppendUnderLockStream"/>). Serilog's own <c>shared: true</c> is not enough here: its lock is a
/// named mutex, which .NET scopes to the session on Unix, so a `serve` started by systemd and a CLI run from an
/// operator's shell would not exclude each other. Rolling and retention stay Serilog's (one file per day, 14 kept).
/// </summary>
public sealed class AppendUnderLockHooks : FileLifecycleHooks
{
    public override Stream OnFileOpened(string path, Stream underlyingStream, Encoding encoding) =>
        new AppendUnderLockStream(underlyingStream as FileStream
            ?? throw new InvalidOperationException($"the log file {path} was not opened as a file stream (set no size limit on the sink)"));
}
