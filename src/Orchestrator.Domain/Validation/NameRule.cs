namespace Orchestrator.Domain.Validation;

/// <summary>
/// The one rule for every name an operator gives — cluster, node, hierarchy, application, service — in the cluster file,
/// on the command line and in the dashboard's URLs: 1 to <see cref="MaxLength"/> characters, ASCII letters, digits,
/// '.', '-' and '_', starting with a letter or a digit (a name is never read as an option). Pure; the length is checked
/// before any character, so a huge name costs nothing.
/// </summary>
public static class NameRule
{
    public const int MaxLength = 64;

    /// <summary>What the rule allows, in words, for a fix.</summary>
    public const string Allowed = "1 to 64 characters: letters (A-Z, a-z), digits, '.', '-' and '_', starting with a letter or a digit";

    /// <summary>Why <paramref name="name"/> breaks the rule ("is empty", "is 70 characters long", "contains '\n'"), or null when it keeps it.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return "is empty";
        if (name.Length > MaxLength)
            return $"is {name.Length} characters long (at most {MaxLength})";
        if (!char.IsAsciiLetterOrDigit(name[0]))
            return $"starts with {FileText.Quote(name[..1])}";
        foreach (var c in name)
            if (!IsAllowed(c))
                return $"contains {FileText.Quote(c.ToString())}";
        return null;
    }

    /// <summary>Whether <paramref name="name"/> keeps the rule.</summary>
    public static bool IsValid(string? name) => Problem(name) is null;

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';
}
