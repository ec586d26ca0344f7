using System.CommandLine;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// The options whose text goes into the audit journal (--actor, --reason): refused at parse time, exit 2 naming the
/// option, when <see cref="AuditTextRule"/> finds a control character — before any command runs or changes anything.
/// </summary>
public static class AuditTextOptions
{
    /// <summary>A --reason option, checked by <see cref="AuditTextRule"/>.</summary>
    public static Option<string?> Reason(string description) => Checked(new Option<string?>("--reason") { Description = description });

    /// <summary>Adds the <see cref="AuditTextRule"/> check to <paramref name="option"/> and returns it.</summary>
    public static Option<string?> Checked(Option<string?> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (AuditTextRule.Problem(option.Name, result.GetValueOrDefault<string?>()) is { } problem)
            {
                result.AddError(problem);
            }
        });
        return option;
    }
}
