using System.Security.Cryptography;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The durable content of a data directory: every database file with its size and hash. Log files and
/// the runner lock file are left out (every command may log).
/// </summary>
public sealed record DataDirSnapshot(bool Exists, string Files)
{
    public static DataDirSnapshot Take(string dataDir)
    {
        if (!Directory.Exists(dataDir))
        {
            return new DataDirSnapshot(false, "");
        }

        var files = Directory.EnumerateFiles(dataDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dataDir, f))
            .Where(f => !f.StartsWith("logs", StringComparison.Ordinal) && f != "runner.lock")
            .Order(StringComparer.Ordinal)
            .Select(f =>
            {
                var bytes = File.ReadAllBytes(Path.Combine(dataDir, f));
                return $"{f} {bytes.Length} {Convert.ToHexString(SHA256.HashData(bytes))[..16]}";
            });
        return new DataDirSnapshot(true, string.Join("\n", files));
    }
}
