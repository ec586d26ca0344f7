using Orchestrator.Environment.World;

namespace Orchestrator.Environment.SqlServer;

/// <summary>
/// The world schema's tables as the SQL Server world uses them, driven by <see cref="WorldRowNames"/>: a table added to
/// <see cref="WorldRowNames.Tables"/> (and made by db/sqlserver with one <c>EXEC world.create_row_table</c>) gets its
/// statements here without another line. Tables whose rows are scoped by a node (a node's services) are listed in
/// <see cref="NodeScoped"/>: their rows go with the node's.
/// </summary>
internal static class SqlServerWorldSql
{
    public const string Members = "world.world_hierarchy_members";

    public const string ReplaceMembersSql = $"DELETE FROM {Members} WHERE hierarchy = @key;";

    public const string AddMemberSql =
        $"IF NOT EXISTS (SELECT 1 FROM {Members} WHERE member = @member AND hierarchy = @key) INSERT INTO {Members} (member, hierarchy) VALUES (@member, @key);";

    public const string MemberOfSql = $"SELECT hierarchy FROM {Members} WHERE member = @indexed;";

    /// <summary>The keyed tables' statements, by table name.</summary>
    public static readonly IReadOnlyDictionary<string, RowTableSql> Tables =
        WorldRowNames.Tables.ToDictionary(t => t, t => new RowTableSql(t), StringComparer.Ordinal);

    /// <summary>The logs' statements, by log name.</summary>
    public static readonly IReadOnlyDictionary<string, LogTableSql> Logs =
        new[] { WorldRowNames.Violations, WorldRowNames.Outages }.ToDictionary(l => l, l => new LogTableSql(l), StringComparer.Ordinal);

    /// <summary>The tables whose scope is a node's name: their rows are deleted with the node's, or replaced with it.</summary>
    public static readonly IReadOnlyList<string> NodeScoped = [WorldRowNames.Services, WorldRowNames.Shares];

    /// <summary>Every SQL text built from the table lists, by name (what the syntax tests parse).</summary>
    public static IEnumerable<(string Name, string Sql)> Statements() =>
        Tables.Values.SelectMany(t => t.Statements().Select(s => ($"{t.Table}.{s.Name}", s.Sql)))
            .Concat(Logs.SelectMany(l => l.Value.Statements().Select(s => ($"{l.Key}.{s.Name}", s.Sql))));
}
