namespace Orchestrator.Environment.World;

/// <summary>
/// The world's rows as one update (or one read) of a row-backed store sees them: makes the tables and logs of a
/// <see cref="WorldState"/> (see <see cref="SqliteWorldRows"/>); each provider loads and writes them its own way.
/// </summary>
internal interface IWorldRows
{
    WorldTable<NodeRecord> Nodes();

    WorldTable<T> Table<T>(string table);

    WorldCounters Counters();

    WorldLog<string> Violations();

    WorldLog<OutageRecord> Outages();
}
