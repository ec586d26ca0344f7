using Orchestrator.Engine.Views;

namespace Orchestrator.Cli.Output;

/// <summary>
/// What `procedures list --json` prints: one page of procedures, newest first; <see cref="More"/> says older ones exist,
/// and <see cref="NextAfter"/> is what to pass as <c>--after</c> for the next page.
/// </summary>
public sealed record ProcedurePage(IReadOnlyList<ProcedureView> Procedures, bool More, long? NextAfter)
{
    /// <summary>The page from one more procedure than <paramref name="limit"/> read: the extra one only says that more exist.</summary>
    public static ProcedurePage From(IReadOnlyList<ProcedureView> readOneMore, int limit)
    {
        ArgumentNullException.ThrowIfNull(readOneMore);
        if (readOneMore.Count <= limit)
        {
            return new ProcedurePage(readOneMore, false, null);
        }

        var page = readOneMore.Take(limit).ToList();
        return new ProcedurePage(page, true, page[^1].Id);
    }
}
