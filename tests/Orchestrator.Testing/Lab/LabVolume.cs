namespace Orchestrator.Testing.Lab;

/// <summary>
/// The lab's volume that moves between nodes: a directory of the lab's (every node sees the same one: namespaces share
/// the host's file system) guarded by a lock file, <c>.owner</c>, that names the node holding it. A node takes it only
/// when it is free or already its own; a node that does not hold it cannot release it. Mounting a loop device is not
/// used: a mount made under <c>ip netns exec</c> lives in that command's own mount namespace and is seen by nobody else.
/// </summary>
public sealed class LabVolume
{
    private const string LockFile = ".owner";

    private LabVolume(string path) => Path = path;

    /// <summary>The volume's directory.</summary>
    public string Path { get; }

    /// <summary>The node holding the volume, or null when it is free.</summary>
    public string? Owner => File.Exists(LockPath) ? File.ReadAllText(LockPath).Trim() : null;

    private string LockPath => System.IO.Path.Combine(Path, LockFile);

    /// <summary>Creates the volume <paramref name="name"/> in <paramref name="lab"/>'s work directory, free.</summary>
    public static LabVolume Create(LabNetwork lab, string name)
    {
        var path = System.IO.Path.Combine(lab.WorkDirectory, "volumes", name);
        Directory.CreateDirectory(path);
        lab.Record($"volume {name}: {path} (a directory guarded by {LockFile})");
        return new LabVolume(path);
    }

    /// <summary>Takes the volume for <paramref name="node"/>: refused (nothing changes) while another node holds it.</summary>
    public void Acquire(string node)
    {
        try
        {
            using var created = new FileStream(LockPath, FileMode.CreateNew, FileAccess.Write);
            created.Write(System.Text.Encoding.ASCII.GetBytes(node + "\n"));
        }
        catch (IOException) when (File.Exists(LockPath))
        {
            if (Owner != node)
            {
                throw new InvalidOperationException($"volume {Path} is held by {Owner}: release it there first (or fence {Owner}), then take it on {node}");
            }
        }
    }

    /// <summary>Gives the volume up from <paramref name="node"/>: refused (nothing changes) when <paramref name="node"/> does not hold it.</summary>
    public void Release(string node)
    {
        if (Owner != node)
        {
            throw new InvalidOperationException($"volume {Path} is held by {Owner ?? "nobody"}, not by {node}: nothing to release there");
        }

        File.Delete(LockPath);
    }
}
