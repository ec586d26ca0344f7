namespace Orchestrator.Storage.Audit;

/// <summary>
/// The walk <c>audit verify</c> makes over the journal, the same for every provider: each row must be readable, link to
/// the hash of the row before it and hash (with <see cref="AuditHasher"/>, by its version) to its stored hash; a row of
/// hash version 1 may not follow one of version 2. Sequences may have gaps (a PostgreSQL transaction that rolled back
/// used its id) but version 2 hashes them, so a renumbered row is found. With a head recorded earlier
/// (<see cref="AuditHead"/>), the journal must still hold that row with that hash: rows removed from its end are found.
/// </summary>
public static class AuditChain
{
    /// <summary>Walks <paramref name="rows"/> (the whole journal in sequence order) and stops at the first broken row.</summary>
    public static Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditEntry> rows, CancellationToken cancellationToken) =>
        VerifyAsync(rows, null, cancellationToken);

    /// <summary>As <see cref="VerifyAsync(IAsyncEnumerable{AuditEntry}, CancellationToken)"/>, and the journal must contain <paramref name="head"/> when given.</summary>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditEntry> rows, AuditHead? head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var prev = AuditHasher.Genesis;
        long? prevId = null;
        (long Id, int Version)? newest = null;
        var headSeen = head is null || (head.Sequence == 0 && head.Hash == AuditHasher.Genesis);
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            count++;
            if (Broken(row, newest) is { } broken)
            {
                return new AuditVerification(count, row.Id, $"row {row.Id} is broken: {broken}");
            }

            if (row.PrevHash != prev)
            {
                return new AuditVerification(count, row.Id,
                    $"row {row.Id} links to {row.PrevHash[..12]}… but the row before it ({(prevId is { } p ? $"#{p}" : "the start of the chain")}) hashes to {prev[..12]}… — a row was removed, inserted or changed");
            }

            var recomputed = AuditHasher.Hash(row);
            if (recomputed != row.Hash)
            {
                var how = row.HashVersion >= 2 ? "was changed after it was written, or renumbered" : "was changed after it was written";
                return new AuditVerification(count, row.Id,
                    $"row {row.Id} ({row.At:u}, {row.Kind}, {row.TriggerName}) {how}: its stored hash is {row.Hash[..12]}… but its content hashes to {recomputed[..12]}…");
            }

            if (head is not null && row.Id == head.Sequence)
            {
                if (row.Hash != head.Hash)
                {
                    return new AuditVerification(count, row.Id,
                        $"row {row.Id} hashes to {row.Hash[..12]}… but the head given says {head.Hash[..12]}… — the journal was rewritten from there");
                }

                headSeen = true;
            }

            prev = row.Hash;
            prevId = row.Id;
            newest = (row.Id, row.HashVersion);
        }

        if (!headSeen)
        {
            var end = prevId is { } last ? $"its last row is #{last}" : "it is empty";
            var what = prevId is { } l && l > head!.Sequence ? "the row was removed" : "rows were removed from its end";
            return new AuditVerification(count, head!.Sequence,
                $"the head given ({head.Sequence}:{head.Hash[..12]}…) is not in the journal ({end}) — {what}");
        }

        return new AuditVerification(count, null);
    }

    /// <summary>What makes <paramref name="row"/> unverifiable on its own (a column unreadable, a hash that is none, an unknown or backward version), or null.</summary>
    private static string? Broken(AuditEntry row, (long Id, int Version)? newest)
    {
        if (row.Unreadable is { } unreadable)
        {
            return unreadable;
        }

        if (!AuditHead.IsDigest(row.PrevHash))
        {
            return $"its prev_hash '{Shown(row.PrevHash)}' is not a SHA-256 (64 hex digits)";
        }

        if (!AuditHead.IsDigest(row.Hash))
        {
            return $"its hash '{Shown(row.Hash)}' is not a SHA-256 (64 hex digits)";
        }

        if (row.HashVersion is not (1 or AuditHasher.CurrentVersion))
        {
            return $"its hash version {row.HashVersion} is unknown (1 or {AuditHasher.CurrentVersion})";
        }

        return newest is { } n && row.HashVersion < n.Version
            ? $"its hash version {row.HashVersion} follows version {n.Version} (#{n.Id}): rows hashed without their sequence are only older ones — it was inserted or rewritten"
            : null;
    }

    /// <summary>A stored value as one short line: control characters as '?', at most 20 characters.</summary>
    internal static string Shown(string? value)
    {
        var text = new string((value ?? "").Take(20).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return (value?.Length ?? 0) > 20 ? text + "…" : text;
    }
}
