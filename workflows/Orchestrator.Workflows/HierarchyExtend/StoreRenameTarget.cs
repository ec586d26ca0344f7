using System.Text;
using Orchestrator.Domain.Administration;

namespace Orchestrator.Workflows.HierarchyExtend;

/// <summary>
/// How a store rename is written in its step's target — "mailbox store: 'OLD' -> 'NEW'", each name quoted with a quote in it
/// doubled, so that any name reads back whole — and read back by <see cref="StoreRenameAction"/>.
/// </summary>
public static class StoreRenameTarget
{
    private const string Separator = ": ";
    private const string Arrow = " -> ";

    public static string Write(StoreRename rename)
    {
        ArgumentNullException.ThrowIfNull(rename);
        return $"{rename.Kind}{Separator}{Quote(rename.From)}{Arrow}{Quote(rename.To)}";
    }

    public static StoreRename Read(string node, string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var colon = target.IndexOf(Separator, StringComparison.Ordinal);
        var at = colon + Separator.Length;
        if (colon < 0 || Unquote(target, ref at) is not { } from || !Skip(target, ref at, Arrow) || Unquote(target, ref at) is not { } to || at != target.Length)
        {
            throw new FormatException($"'{target}' is not a store rename (KIND: 'FROM' -> 'TO')");
        }

        return new StoreRename(node, target[..colon], from, to);
    }

    private static string Quote(string name) => $"'{name.Replace("'", "''", StringComparison.Ordinal)}'";

    private static bool Skip(string text, ref int at, string expected)
    {
        if (string.CompareOrdinal(text, at, expected, 0, expected.Length) != 0)
        {
            return false;
        }

        at += expected.Length;
        return true;
    }

    private static string? Unquote(string text, ref int at)
    {
        if (at >= text.Length || text[at] != '\'')
        {
            return null;
        }

        var name = new StringBuilder();
        for (var i = at + 1; i < text.Length; i++)
        {
            if (text[i] != '\'')
            {
                name.Append(text[i]);
            }
            else if (i + 1 < text.Length && text[i + 1] == '\'')
            {
                name.Append('\'');
                i++;
            }
            else
            {
                at = i + 1;
                return name.ToString();
            }
        }

        return null;
    }
}
