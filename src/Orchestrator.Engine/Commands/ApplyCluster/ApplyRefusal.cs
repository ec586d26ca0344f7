using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Errors;

namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>
/// Issue 16: the words of a refused `cluster apply`: every finding of its plan, one per line, each naming the object and the
/// fix (the matching command's words); S6 warnings alone name <c>--force</c>.
/// </summary>
public static class ApplyRefusal
{
    /// <summary>Null when the plan may go on (with <paramref name="force"/> as given), else the message of the refusal.</summary>
    public static string? Of(string path, AdminVerdict verdict, bool force)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (verdict.Allows(force))
        {
            return null;
        }

        var lines = verdict.Findings.Select(f => f.ToString());
        return verdict.IsRefused
            ? $"cluster apply of {path} is refused; nothing was changed:\n{string.Join("\n", lines)}"
            : $"cluster apply of {path} needs --force; nothing was changed:\n{string.Join("\n", lines)}"
              + $"\napply it with --force to override {(verdict.Findings.Count == 1 ? "this warning" : $"these {verdict.Findings.Count} warnings")} (the audit row lists them)";
    }

    public static BadInputException Exception(string path, AdminVerdict verdict, bool force) =>
        new(Of(path, verdict, force) ?? throw new ArgumentException("the plan is allowed", nameof(verdict)));
}
