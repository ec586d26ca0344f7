using Orchestrator.Environment.World;

namespace Orchestrator.Environment.SqlServer;

/// <summary>
/// The T-SQL of one keyed row table of the world's schema (world.{table}: seq, scope, [key], indexed, json), made from
/// its name alone so that every table of <see cref="WorldRowNames.Tables"/> gets the same statements. Names compare
/// through the database's case-insensitive collation (no lower(...)); a key list is a JSON array read by OPENJSON. An
/// upsert is an UPDATE then, when it found no row, an INSERT: safe because every update holds the world's lock row.
/// </summary>
internal sealed class RowTableSql(string table)
{
    private readonly string where = $"FROM world.{table} WHERE scope = @scope";

    public string Table { get; } = table;

    public string Load => $"SELECT [key], json {where} AND [key] = @key;";

    public string LoadMany => $"SELECT [key], json {where} AND [key] IN (SELECT k.value COLLATE DATABASE_DEFAULT FROM OPENJSON(@keys) AS k);";

    public string LoadAll => $"SELECT [key], json {where} ORDER BY seq;";

    public string IndexedOf => $"SELECT [key], indexed {where} AND [key] IN (SELECT k.value COLLATE DATABASE_DEFAULT FROM OPENJSON(@keys) AS k);";

    public string KeysWhereIndexed => $"SELECT [key] {where} AND indexed = @indexed;";

    public string Upsert =>
        $"""
        UPDATE world.{Table} SET indexed = @indexed, json = @json WHERE scope = @scope AND [key] = @key;
        IF @@ROWCOUNT = 0 INSERT INTO world.{Table} (scope, [key], indexed, json) VALUES (@scope, @key, @indexed, @json);
        """;

    public string Delete => $"DELETE FROM world.{Table} WHERE scope = @scope AND [key] = @key;";

    /// <summary>Every row of one scope (a node's services when the node row goes or is replaced).</summary>
    public string DeleteScope => $"DELETE FROM world.{Table} WHERE scope = @scope;";

    /// <summary>Every statement, by name (what the syntax tests parse).</summary>
    public IEnumerable<(string Name, string Sql)> Statements() =>
    [
        (nameof(Load), Load), (nameof(LoadMany), LoadMany), (nameof(LoadAll), LoadAll), (nameof(IndexedOf), IndexedOf),
        (nameof(KeysWhereIndexed), KeysWhereIndexed), (nameof(Upsert), Upsert), (nameof(Delete), Delete), (nameof(DeleteScope), DeleteScope),
    ];
}
