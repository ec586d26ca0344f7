namespace Orchestrator.Environment.World;

/// <summary>Where a row-backed <see cref="WorldLog{TEntry}"/> reads its stored entries from (inside one update's transaction).</summary>
internal interface IWorldLogSource<TEntry>
{
    /// <summary>Every stored entry, oldest first.</summary>
    IEnumerable<(long Id, TEntry Entry, string Json)> LoadAll();

    /// <summary>The newest stored entry of the group, or null.</summary>
    (long Id, TEntry Entry, string Json)? Latest(string group);
}
