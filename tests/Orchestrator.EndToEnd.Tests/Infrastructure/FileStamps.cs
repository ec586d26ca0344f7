using System.Globalization;
using System.Security.Cryptography;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Every file under a path (or the one file it names) with its size, last write time and hash, the logs folder
/// aside: two equal stamps mean nothing was written, not even a byte put back as it was.
/// </summary>
public sealed record FileStamps(string Text)
{
    public static FileStamps Take(string path)
    {
        if (File.Exists(path))
        {
            return new FileStamps(Stamp(path, Path.GetFileName(path)));
        }

        if (!Directory.Exists(path))
        {
            return new FileStamps("(absent)");
        }

        var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(path, f).StartsWith("logs", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => Stamp(f, Path.GetRelativePath(path, f)));
        return new FileStamps(string.Join("\n", files));
    }

    private static string Stamp(string file, string name)
    {
        var bytes = File.ReadAllBytes(file);
        var written = File.GetLastWriteTimeUtc(file).Ticks.ToString(CultureInfo.InvariantCulture);
        return $"{name} {bytes.Length} {written} {Convert.ToHexString(SHA256.HashData(bytes))[..16]}";
    }
}
