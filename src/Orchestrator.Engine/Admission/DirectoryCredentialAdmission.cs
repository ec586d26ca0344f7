using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Admission;

/// <summary>
/// Issue 16 point 6 (S15): the one place where a procedure is refused for want of usable directory credentials, before it
/// touches anything. Every launch passes here (<see cref="Commands.ProcedureLauncher.LaunchAsync"/>: switchover, failover,
/// failback, `users move`, a rolling update and each of its moves), and so do `procedures approve` and `retry`
/// (<see cref="RequireToResumeAsync"/>) and the failover decision (the monitor records the refusal as its decision).
/// <para>
/// Which procedures need them: every kind that moves a hierarchy, not only the plans with a users.move step — S15 says
/// without the account "the resource cannot be brought in/out of service", so a switchover (no users step) is refused too,
/// and an operator learns it before the failover that would need it — plus the kinds that declare directory work of their
/// own (<see cref="IProcedureDefinition.NeedsDirectoryCredentials"/>: the user move, the rolling update).
/// </para>
/// </summary>
public sealed class DirectoryCredentialAdmission(IDirectoryCredentialGate gate, ProcedureCatalog procedures)
{
    /// <summary>Whether a procedure of <paramref name="kind"/> needs the directory credentials.</summary>
    public bool Needs(string kind) => procedures.Get(kind).NeedsDirectoryCredentials;

    /// <summary>The rule's verdict for a procedure of <paramref name="kind"/> on <paramref name="hierarchy"/>; usable when the kind needs none.</summary>
    public async Task<DirectoryCredentialsVerdict> CheckAsync(string kind, string hierarchy, CancellationToken cancellationToken) =>
        Needs(kind)
            ? await gate.CheckAsync($"{kind} of {hierarchy}", cancellationToken).ConfigureAwait(false)
            : DirectoryCredentialsVerdict.Ok;

    /// <summary>Refuses (bad input, exit 2, the rule's message naming the fix) a procedure of <paramref name="kind"/> the credentials cannot serve.</summary>
    public async Task RequireAsync(string kind, string hierarchy, CancellationToken cancellationToken)
    {
        var verdict = await CheckAsync(kind, hierarchy, cancellationToken).ConfigureAwait(false);
        if (!verdict.Usable)
        {
            throw new BadInputException(verdict.Refusal!);
        }
    }

    /// <summary>Before `procedures approve` or `retry`: refused while steps of <paramref name="procedure"/> remain and its kind needs the credentials.</summary>
    public async Task RequireToResumeAsync(ProcedureRecord procedure, IReadOnlyList<StepRecord> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(steps);
        if (!steps.Any(s => s.Status != StepStatus.Done) || !Needs(procedure.Kind))
        {
            return;
        }

        var verdict = await gate.CheckAsync($"{procedure.Kind} of {procedure.Hierarchy}", cancellationToken).ConfigureAwait(false);
        if (!verdict.Usable)
        {
            throw new BadInputException($"procedure #{procedure.Id} ({procedure.Kind} of {procedure.Hierarchy}) is not resumed: {verdict.Refusal}");
        }
    }
}
