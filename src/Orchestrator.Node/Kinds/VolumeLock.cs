using System.Globalization;

namespace Orchestrator.Node.Kinds;

/// <summary>
/// The lock mode of a volume: the node that holds <see cref="FileName"/> in the directory owns it. The file is created
/// exclusively (O_EXCL) and holds <c>node=NAME</c> and <c>pid=PID</c> (the process that took it). Take is idempotent for
/// its holder and refused for any other node unless forced; release by a node that does not hold it changes nothing.
/// </summary>
internal sealed class VolumeLock(string node)
{
    public const string FileName = ".orchestrator-volume.lock";

    public ResourceResult Take(string directory, bool force)
    {
        if (!Directory.Exists(directory))
        {
            return new ResourceResult(OcfExit.NotConfigured, $"volume directory {directory} does not exist: create it (or fix 'directory')");
        }

        var file = Path.Combine(directory, FileName);
        var content = string.Create(CultureInfo.InvariantCulture, $"node={node}\npid={Environment.ProcessId}\n");
        try
        {
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var writer = new StreamWriter(stream);
            writer.Write(content);
            return new ResourceResult(OcfExit.Success, $"{directory} locked by {node}");
        }
        catch (IOException) when (File.Exists(file))
        {
            var holder = Holder(file);
            if (holder.Node == node)
            {
                return new ResourceResult(OcfExit.Success, $"{directory} already locked by {node}");
            }

            if (!force)
            {
                return new ResourceResult(
                    OcfExit.GenericError,
                    $"{directory} is locked by node {holder.Node} (pid {holder.Pid}): stop it there, or fence {holder.Node} and start with force=true");
            }

            File.WriteAllText(file, content);
            return new ResourceResult(OcfExit.Success, $"{directory} taken over by {node} from {holder.Node} (force)");
        }
    }

    public ResourceResult Release(string directory)
    {
        var file = Path.Combine(directory, FileName);
        if (!File.Exists(file))
        {
            return new ResourceResult(OcfExit.Success, $"{directory} already unlocked");
        }

        var holder = Holder(file);
        if (holder.Node != node)
        {
            return new ResourceResult(OcfExit.Success, $"{directory} is locked by node {holder.Node}, not by {node}: left as it is");
        }

        File.Delete(file);
        return new ResourceResult(OcfExit.Success, $"{directory} unlocked by {node}");
    }

    public ResourceResult Check(string directory)
    {
        var file = Path.Combine(directory, FileName);
        if (!Directory.Exists(directory))
        {
            return new ResourceResult(OcfExit.GenericError, $"volume directory {directory} does not exist");
        }

        if (!File.Exists(file))
        {
            return new ResourceResult(OcfExit.NotRunning, $"{directory} is not locked");
        }

        var holder = Holder(file);
        return holder.Node == node
            ? new ResourceResult(OcfExit.Success, $"{directory} is locked by {node}")
            : new ResourceResult(OcfExit.NotRunning, $"{directory} is locked by node {holder.Node}, not by {node}");
    }

    private static (string Node, string Pid) Holder(string file)
    {
        var lines = File.ReadAllLines(file);
        string Value(string key) => lines.FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..] ?? "?";
        return (Value("node"), Value("pid"));
    }
}
