using Orchestrator.Domain.Administration;
using Orchestrator.Engine.Errors;

namespace Orchestrator.Workflows.Administration;

/// <summary>
/// Turns an administration rule's verdict into the command's answer: refused (bad input, exit 2, every finding on its own
/// line, nothing recorded) when any finding refuses, or when S6 warnings stand and --force was not given; otherwise the
/// warnings overridden (audited with the procedure).
/// </summary>
public static class AdminVerdicts
{
    public static IReadOnlyList<AdminFinding> Enforce(AdminVerdict verdict, bool force)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (verdict.IsRefused)
        {
            throw new BadInputException(string.Join(System.Environment.NewLine, verdict.Findings.Select(f => f.ToString())));
        }

        if (verdict.NeedsForce && !force)
        {
            throw new BadInputException(string.Join(System.Environment.NewLine,
                verdict.Warnings.Select(f => f.ToString()).Append("nothing was changed; run the command again with --force to go on (the override is audited)")));
        }

        return verdict.Warnings;
    }
}
