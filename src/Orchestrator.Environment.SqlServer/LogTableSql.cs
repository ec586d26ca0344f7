namespace Orchestrator.Environment.SqlServer;

/// <summary>The T-SQL of one of the world's logs (world.{log}: id, grp, json), made from its name alone.</summary>
internal sealed class LogTableSql(string log)
{
    public string Insert => $"INSERT INTO world.{log} (grp, json) VALUES (@grp, @json);";

    public string Update => $"UPDATE world.{log} SET json = @json WHERE id = @id;";

    public string LoadAll => $"SELECT id, json FROM world.{log} ORDER BY id;";

    public string Latest => $"SELECT TOP (1) id, json FROM world.{log} WHERE grp = @group ORDER BY id DESC;";

    /// <summary>Every statement, by name (what the syntax tests parse).</summary>
    public IEnumerable<(string Name, string Sql)> Statements() =>
        [(nameof(Insert), Insert), (nameof(Update), Update), (nameof(LoadAll), LoadAll), (nameof(Latest), Latest)];
}
