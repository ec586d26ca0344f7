using System.CommandLine;
using System.CommandLine.Parsing;
using Orchestrator.Domain.Validation;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// Issue 15: an argument or option that names a hierarchy, a node or a service keeps the cluster file's
/// <see cref="NameRule"/>; one that breaks it is a parse error (exit 2) naming the argument, the name (escaped and cut)
/// and the rule — before any data directory is opened.
/// </summary>
internal static class NameArguments
{
    /// <summary><paramref name="argument"/>, refusing a value that breaks the name rule; <paramref name="what"/> is e.g. "hierarchy".</summary>
    public static Argument<T> NameOf<T>(this Argument<T> argument, string what)
    {
        ArgumentNullException.ThrowIfNull(argument);
        argument.Validators.Add(result => Check(result, argument.Name, what, result.Tokens));
        return argument;
    }

    /// <summary><paramref name="option"/>, refusing a value that breaks the name rule; <paramref name="what"/> is e.g. "node".</summary>
    public static Option<T> NameOf<T>(this Option<T> option, string what)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result => Check(result, option.Name, what, result.Tokens));
        return option;
    }

    /// <summary>The message for a <paramref name="what"/> name given as <paramref name="source"/> that breaks the rule; null when it keeps it.</summary>
    public static string? Problem(string source, string what, string? name) =>
        NameRule.Problem(name) is { } problem
            ? $"{source}: {what} name {FileText.Quote(name)} {problem}; a {what} name is {NameRule.Allowed}"
            : null;

    private static void Check(SymbolResult result, string source, string what, IReadOnlyList<Token> tokens)
    {
        foreach (var token in tokens)
        {
            if (Problem(source, what, token.Value) is { } message)
            {
                result.AddError(message);
                return;
            }
        }
    }
}
