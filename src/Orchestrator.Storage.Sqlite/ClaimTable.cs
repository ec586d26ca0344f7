namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// A table of claimed work, as <see cref="ClaimSql"/> needs it: its name and the column of the row's owner (the key is
/// owner + seq). Every such table has the same claim columns: status, claimed_by, claim_token, claim_expires_at,
/// not_before, dispatched_by, dispatched_at.
/// </summary>
internal sealed record ClaimTable(string Name, string OwnerColumn)
{
    public static ClaimTable Steps { get; } = new("procedure_steps", "procedure_id");

    public static ClaimTable Batches { get; } = new("replica_batches", "update_id");
}
