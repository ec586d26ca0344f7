using System.Diagnostics;

namespace Orchestrator.Testing.Lab;

/// <summary>
/// What is in a Maildir on the volume: the id of each delivered message (its <c>X-Lab-Id</c> header, which the load
/// client writes), once per message file in new/ and cur/ — an id delivered twice is there twice.
/// </summary>
public static class LabMailbox
{
    public const string IdHeader = "X-Lab-Id";

    /// <summary>The ids of the messages in <paramref name="maildir"/> (a message without the header counts as "?").</summary>
    public static IReadOnlyList<string> Ids(string maildir) =>
        ((string[])["new", "cur"])
        .Select(d => Path.Combine(maildir, d))
        .Where(Directory.Exists)
        .SelectMany(Directory.EnumerateFiles)
        .Select(IdOf)
        .ToList();

    /// <summary>
    /// Waits (at most <paramref name="timeout"/>) until every id of <paramref name="expected"/> is in
    /// <paramref name="maildir"/>; returns the ids there then, whether complete or not.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WaitForAsync(
        string maildir, IReadOnlyCollection<string> expected, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var ids = Ids(maildir);
            if (expected.All(ids.ToHashSet(StringComparer.Ordinal).Contains) || clock.Elapsed > timeout)
            {
                return ids;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string IdOf(string file)
    {
        foreach (var line in File.ReadLines(file))
        {
            if (line.Length == 0)
            {
                break; // end of the headers
            }

            if (line.StartsWith(IdHeader + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line[(IdHeader.Length + 1)..].Trim();
            }
        }

        return "?";
    }
}
