using System.Text;

namespace Orchestrator.Node.Kinds;

/// <summary>
/// Splits a parameter such as a service's <c>args</c> into an argument list, as a person writes it on one line:
/// words separated by blanks, 'single quotes' taken literally, "double quotes" with \" and \\ escapes. No expansion of
/// any kind: the list goes to exec, never to a shell.
/// </summary>
internal static class ArgumentSplitter
{
    public static IReadOnlyList<string> Split(string? line)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(line))
        {
            return words;
        }

        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (quote == '"')
            {
                if (c == '"')
                {
                    quote = null;
                }
                else if (c == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\')
                {
                    word.Append(line[++i]);
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                inWord = true;
                if (c is '\'' or '"')
                {
                    quote = c;
                }
                else
                {
                    word.Append(c);
                }
            }
        }

        if (quote is not null)
        {
            throw new FormatException($"unclosed {quote} quote in: {line}");
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
