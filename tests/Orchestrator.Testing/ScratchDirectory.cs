namespace Orchestrator.Testing;

/// <summary>A fresh directory under the temp folder for one test (scripts, pid files, lock files, an agent's data), deleted with it.</summary>
public sealed class ScratchDirectory : IDisposable
{
    /// <param name="group">The folder under the temp folder that groups a test project's directories.</param>
    public ScratchDirectory(string group = "orchestrator-tests")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), group, Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path in the directory (the file is not created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes an executable POSIX shell script named <paramref name="name"/>; returns its path.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public string Script(string name, string body)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A mount point left by a failed test: its test says so.
        }
    }
}
