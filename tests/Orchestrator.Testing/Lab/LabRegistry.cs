using System.Globalization;
using System.Security.Cryptography;

namespace Orchestrator.Testing.Lab;

/// <summary>
/// The labs of this machine, one file per lab in /run/orchestrator-lab (a tmpfs, gone at reboot with the namespaces
/// themselves): its name prefix, its owner process and its /24 of 198.18.0.0/15. Taken under a file lock, so that two
/// test processes starting labs at once never get the same prefix or subnet. A lab whose owner died (a test run killed
/// before its DisposeAsync) is stale: the next lab to start tears it down.
/// </summary>
internal static class LabRegistry
{
    public const string PrefixStart = "orl-";
    public const int Subnets = 512; // the /24s of 198.18.0.0/15

    private static readonly string Root = Directory.Exists("/run") ? "/run/orchestrator-lab" : Path.Combine(Path.GetTempPath(), "orchestrator-lab");

    /// <summary>A lab entry: its prefix, owner and subnet index (0..511).</summary>
    public sealed record Entry(string Prefix, LabOwner? Owner, int Subnet);

    /// <summary>Under the lock: the entries, for <paramref name="action"/> to act on (tear stale labs down, take a new one).</summary>
    public static async Task<T> LockedAsync<T>(Func<IReadOnlyList<Entry>, Task<T>> action, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        using var gate = await TakeLockAsync(cancellationToken).ConfigureAwait(false);
        return await action(Read()).ConfigureAwait(false);
    }

    /// <summary>Records a new lab of <paramref name="owner"/> (under the lock): a fresh prefix and a /24 no live lab uses.</summary>
    public static Entry Add(IReadOnlyList<Entry> entries, LabOwner owner)
    {
        var used = entries.Select(e => e.Subnet).ToHashSet();
        var free = Enumerable.Range(0, Subnets).Where(s => !used.Contains(s)).ToList();
        if (free.Count == 0)
        {
            throw new InvalidOperationException($"all {Subnets} lab subnets of 198.18.0.0/15 are taken ({Root})");
        }

        string prefix;
        do
        {
            prefix = PrefixStart + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        }
        while (entries.Any(e => e.Prefix == prefix));

        var entry = new Entry(prefix, owner, free[RandomNumberGenerator.GetInt32(free.Count)]);
        File.WriteAllText(Path.Combine(Root, prefix), string.Create(CultureInfo.InvariantCulture, $"{owner} {entry.Subnet}\n"));
        return entry;
    }

    public static void Remove(string prefix)
    {
        File.Delete(Path.Combine(Root, prefix));
    }

    private static List<Entry> Read() =>
        Directory.GetFiles(Root, PrefixStart + "*")
            .Select(file =>
            {
                var text = File.ReadAllText(file);
                var last = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
                var subnet = int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1;
                return new Entry(Path.GetFileName(file), LabOwner.Parse(text), subnet);
            })
            .ToList();

    private static async Task<FileStream> TakeLockAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock (flock) on Linux: released when the holder exits, even killed.
                return new FileStream(Path.Combine(Root, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
