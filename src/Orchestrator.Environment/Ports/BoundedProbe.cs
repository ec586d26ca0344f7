namespace Orchestrator.Environment.Ports;

/// <summary>
/// The default of the ports' batched probes: each item probed once, at most <c>parallelism</c> at once, answers in the
/// items' order; an item whose probe throws is answered by <c>failed</c> (unknown, with the error), never as down.
/// </summary>
internal static class BoundedProbe
{
    public static async Task<IReadOnlyList<TAnswer>> EachAsync<TItem, TAnswer>(
        IReadOnlyList<TItem> items,
        int parallelism,
        Func<TItem, CancellationToken, Task<TAnswer>> probe,
        Func<TItem, Exception, TAnswer> failed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var answers = new TAnswer[items.Count];
        var bounded = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, answers.Length, bounded, async (i, token) =>
        {
            try
            {
                answers[i] = await probe(items[i], token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                answers[i] = failed(items[i], e);
            }
        }).ConfigureAwait(false);
        return answers;
    }
}
