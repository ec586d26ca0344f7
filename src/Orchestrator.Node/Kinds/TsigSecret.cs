using System.Text.RegularExpressions;

namespace Orchestrator.Node.Kinds;

/// <summary>
/// The secret of a TSIG key file (<c>secret "…";</c>), only to remove it from text that goes into a message: a tool
/// that echoes its key must not carry it into logs or the audit.
/// </summary>
internal static partial class TsigSecret
{
    public static string Scrub(string text, string keyFile)
    {
        string content;
        try
        {
            content = File.ReadAllText(keyFile);
        }
        catch (IOException)
        {
            return text;
        }
        catch (UnauthorizedAccessException)
        {
            return text;
        }

        foreach (Match secret in SecretPattern().Matches(content))
        {
            var value = secret.Groups[1].Value;
            if (value.Length > 0)
            {
                text = text.Replace(value, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    [GeneratedRegex("secret\\s+\"([^\"]*)\"")]
    private static partial Regex SecretPattern();
}
