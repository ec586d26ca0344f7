namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// A table of claimed work, as <see cref="ClaimSql"/> needs it: its name, the column of the row's owner (the key is owner +
/// seq) and the owner's table (whose row a claim holds with a shared lock while it checks the owner may run). Every such
/// table has the same claim columns: status, claimed_by, claim_token, claim_expires_at, not_before, dispatched_by, dispatched_at.
/// </summary>
internal sealed record ClaimTable(string Name, string OwnerColumn, string OwnerTable)
{
    public static ClaimTable Steps { get; } = new("procedure_steps", "procedure_id", "procedures");

    public static ClaimTable Batches { get; } = new("replica_batches", "update_id", "replica_updates");
}
