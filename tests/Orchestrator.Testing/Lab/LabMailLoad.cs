using System.Globalization;

namespace Orchestrator.Testing.Lab;

/// <summary>
/// Runs the SMTP load client (tests/Orchestrator.Lab.Client, copied beside the tests that reference it) in the lab's
/// client namespace: <c>ip netns exec PREFIX-client dotnet Orchestrator.Lab.Client.dll --host mail.lab.test …</c>, which
/// resolves the mail name through the lab's DNS. Bounded: <paramref name="count"/> messages at most, for
/// <paramref name="limit"/> at most (and killed 20 s after that).
/// </summary>
public static class LabMailLoad
{
    /// <summary>The client's assembly, beside the running tests.</summary>
    public static string ClientPath { get; } = Path.Combine(AppContext.BaseDirectory, "Orchestrator.Lab.Client.dll");

    public static async Task<LabMailLoadResult> RunAsync(
        LabNetwork lab, int count, TimeSpan limit, TimeSpan interval, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(ClientPath))
        {
            throw new InvalidOperationException($"{ClientPath} not found: reference tests/Orchestrator.Lab.Client from the test project");
        }

        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : LabTools.Find("dotnet") ?? "dotnet";
        var result = await lab.ExecAsync(
            LabNode.Client,
            [
                dotnet, ClientPath, "--host", LabDns.MailName, "--to", LabMail.Recipient,
                "--count", count.ToString(CultureInfo.InvariantCulture),
                "--seconds", ((int)Math.Ceiling(limit.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
                "--interval-ms", ((int)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            ],
            limit + TimeSpan.FromSeconds(20),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"the load client failed ({result.ExitCode}): {result.Output.Trim()}");
        }

        return Parse(result.StandardOutput);
    }

    /// <summary>Reads the client's lines: <c>msg ID CODE MS SERVER</c>, then <c>summary … longest-gap-ms=G elapsed-ms=E</c>.</summary>
    public static LabMailLoadResult Parse(string output)
    {
        var attempts = new List<LabMailAttempt>();
        var summary = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is ["msg", var id, var code, var ms, var server])
            {
                attempts.Add(new LabMailAttempt(id, Number(code), TimeSpan.FromMilliseconds(Number(ms)), server));
            }
            else if (words is ["summary", ..])
            {
                foreach (var pair in words.Skip(1).Select(w => w.Split('=', 2)).Where(p => p.Length == 2))
                {
                    summary[pair[0]] = pair[1];
                }
            }
        }

        if (!summary.TryGetValue("longest-gap-ms", out var gap) || !summary.TryGetValue("elapsed-ms", out var elapsed))
        {
            throw new InvalidOperationException($"the load client printed no summary line: {output}");
        }

        return new LabMailLoadResult(attempts, TimeSpan.FromMilliseconds(Number(gap)), TimeSpan.FromMilliseconds(Number(elapsed)));
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
