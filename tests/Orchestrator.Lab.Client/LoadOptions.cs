using System.Globalization;

namespace Orchestrator.Lab.Client;

/// <summary>What the load client is told: where to send, to whom, how many messages at most, for how long at most, at what pace.</summary>
public sealed record LoadOptions(string Host, int Port, string To, string From, int Count, TimeSpan Limit, TimeSpan Interval, string RunId)
{
    public const string Usage =
        "usage: Orchestrator.Lab.Client --host NAME [--port 25] --to ADDRESS [--from ADDRESS] --count N --seconds T [--interval-ms MS] [--run-id ID]\n"
        + "  sends at most N messages (one every MS milliseconds, 0: back to back) for at most T seconds; prints one line per message\n"
        + "  (msg ID REPLY-CODE MILLISECONDS SERVER) and a closing summary line (attempted, accepted, longest gap between 250 replies).";

    /// <summary>The options of <paramref name="args"/>, or null when one is missing or malformed.</summary>
    public static LoadOptions? Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            values[args[i][2..]] = args[i + 1];
        }

        if (args.Count % 2 != 0 || !values.TryGetValue("host", out var host) || !values.TryGetValue("to", out var to))
        {
            return null;
        }

        var port = Number(values, "port", 25);
        var count = Number(values, "count", -1);
        var seconds = Number(values, "seconds", -1);
        var interval = Number(values, "interval-ms", 0);
        if (port is <= 0 or > 65535 || count <= 0 || seconds <= 0 || interval < 0)
        {
            return null;
        }

        return new LoadOptions(
            host,
            port,
            to,
            values.GetValueOrDefault("from", "load@client.lab.test"),
            count,
            TimeSpan.FromSeconds(seconds),
            TimeSpan.FromMilliseconds(interval),
            values.GetValueOrDefault("run-id", Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..4])));
    }

    private static int Number(Dictionary<string, string> values, string key, int absent) =>
        !values.TryGetValue(key, out var text) ? absent
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : -1;
}
