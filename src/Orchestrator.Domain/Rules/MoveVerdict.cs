namespace Orchestrator.Domain.Rules;

/// <summary>
/// The outcome of <see cref="MoveAdmission.Admit"/>: admitted, wait, refused or blocked, with the reason in words (for an
/// admitted move, the evidence it was admitted on). <paramref name="Note"/> says what an admitted move overrode — an
/// operator's move onto a node anti-flapping would keep an automatic move off — for the audit journal.
/// </summary>
public sealed record MoveVerdict(MoveVerdictKind Kind, string Reason, string? Note = null)
{
    public bool IsAdmitted => Kind == MoveVerdictKind.Admitted;

    /// <summary>The reason followed by the note, if any.</summary>
    public string Text => Note is null ? Reason : $"{Reason}; {Note}";

    public override string ToString() => $"{Kind}: {Text}";
}
