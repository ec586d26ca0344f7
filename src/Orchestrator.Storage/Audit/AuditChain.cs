namespace Orchestrator.Storage.Audit;

/// <summary>
/// The walk <c>audit verify</c> makes over the journal, the same for every provider: each row must link to the hash of
/// the row before it and hash (with <see cref="AuditHasher"/>) to its stored hash.
/// </summary>
public static class AuditChain
{
    /// <summary>Walks <paramref name="rows"/> (the whole journal in sequence order) and stops at the first broken row.</summary>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditEntry> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var prev = AuditHasher.Genesis;
        long? prevId = null;
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            count++;
            if (row.PrevHash != prev)
            {
                return new AuditVerification(count, row.Id,
                    $"row {row.Id} links to {row.PrevHash[..Math.Min(12, row.PrevHash.Length)]}… but the row before it ({(prevId is { } p ? $"#{p}" : "the start of the chain")}) hashes to {prev[..12]}… — a row was removed, inserted or changed");
            }

            var recomputed = AuditHasher.Hash(row);
            if (recomputed != row.Hash)
            {
                return new AuditVerification(count, row.Id,
                    $"row {row.Id} ({row.At:u}, {row.Kind}, {row.TriggerName}) was changed after it was written: its stored hash is {row.Hash[..Math.Min(12, row.Hash.Length)]}… but its content hashes to {recomputed[..12]}…");
            }

            prev = row.Hash;
            prevId = row.Id;
        }

        return new AuditVerification(count, null);
    }
}
