namespace Orchestrator.Environment.World;

/// <summary>
/// How long the world's effect ledger keeps a row. The world cannot know which procedures are still active (that is
/// the engine's store), so it keeps rows by age on the world's clock: a row older than <paramref name="MaxAge"/>
/// (measured from the newest effect applied) is trimmed, at most <paramref name="BatchSize"/> rows per applied effect,
/// so trimming never makes one step expensive. A procedure that resumes after a crash replays its keys within
/// minutes; the default keeps them a week.
/// </summary>
/// <param name="MaxAge">Rows applied longer ago than this before the newest effect may be trimmed.</param>
/// <param name="BatchSize">At most this many rows are trimmed per applied effect.</param>
public sealed record EffectLedgerRetention(TimeSpan MaxAge, int BatchSize)
{
    /// <summary>Keep a row seven days; trim at most 100 rows per applied effect.</summary>
    public static EffectLedgerRetention Default { get; } = new(TimeSpan.FromDays(7), 100);

    /// <summary>Rows applied before this instant may be trimmed once an effect was applied at <paramref name="newest"/>.</summary>
    public DateTimeOffset CutoffFor(DateTimeOffset newest) => newest - MaxAge;
}
