using System.Reflection;
using System.Text.RegularExpressions;
using DbUp.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Orchestrator.Environment.SqlServer;
using Orchestrator.Environment.World;
using Orchestrator.Storage.SqlServer;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>
/// SQL Server cannot run on the project's machines, so its T-SQL is at least parsed here, by Microsoft's own parser
/// (ScriptDom, SQL Server 2022's grammar): the migration batch by batch as DbUp splits it, every SQL text the provider
/// builds in a static field (the claim SQL included), and every SQL literal in its source. Dapper's list expansion
/// (<c>IN @ids</c>) is parsed as the parenthesised list it becomes. The world's provider (Orchestrator.Environment.SqlServer)
/// the same way: its static SQL, the statements it builds for every table of its table list, its literals, and its
/// migration making every one of those tables. A parse says nothing of names, types or locks.
/// </summary>
public sealed partial class SqlServerSqlSyntaxTests
{
    [Fact]
    public void TheMigration_ParsesBatchByBatch_AsDbUpSplitsIt()
    {
        var scripts = Directory.GetFiles(Path.Combine(RepositoryRoot(), "db", "sqlserver"), "*.sql");
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var text = File.ReadAllText(script);
            var batches = new SqlCommandSplitter().SplitScriptIntoCommands(text).ToList();
            Assert.NotEmpty(batches);
            Assert.True(batches.Count > 1 || !text.Contains("CREATE TRIGGER", StringComparison.OrdinalIgnoreCase), $"{script}: its triggers need batches of their own (GO)");
            for (var i = 0; i < batches.Count; i++)
            {
                AssertParses($"{Path.GetFileName(script)}, batch {i + 1}", batches[i]);
            }
        }
    }

    [Fact]
    public void EverySqlTextTheProviderBuilds_Parses()
    {
        var texts = typeof(SqlServerProcedureStore).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(f => f.FieldType == typeof(string))
            .Select(f => (Name: $"{f.DeclaringType!.Name}.{f.Name}", Sql: (string?)(f.IsLiteral ? f.GetRawConstantValue() : f.GetValue(null))))
            .Where(f => f.Sql is not null && SqlStart().IsMatch(f.Sql))
            .Concat(ReplicaUpdateStatements())
            .ToList();
        Assert.Contains(texts, t => t.Name.EndsWith(".ClaimStepSql", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Name == "SqlServerReplicaUpdateStore.TransitionSql");
        Assert.Contains(texts, t => t.Name == "SqlServerReplicaUpdateStore.InFlightSql" && t.Sql!.Contains(ClaimSqlLeaseClock, StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Name.EndsWith(".ClaimBatchSql", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Name == "SqlServerLeaderFence.ReadForUpdateSql");
        Assert.Contains(texts, t => t.Name == "SqlServerLeaderStore.ReleaseGuardedSql");
        Assert.Contains(texts, t => t.Name.EndsWith(".RenewStepSql", StringComparison.Ordinal) && t.Sql!.Contains(ClaimSqlLeaseClock, StringComparison.Ordinal));
        foreach (var (name, sql) in texts)
        {
            AssertParses(name, sql!);
        }
    }

    /// <summary>The replica-update store's statements as SQL Server's dialect says them, those it shares (DatabaseReplicaUpdateStore) included.</summary>
    private static IEnumerable<(string Name, string? Sql)> ReplicaUpdateStatements() =>
        new SqlServerReplicaUpdateStore(new SqlServerConnectionFactory("Server=parse.only")).Statements()
            .Select(s => (Name: $"{nameof(SqlServerReplicaUpdateStore)}.{s.Name}", Sql: (string?)s.Sql));

    [Fact]
    public void TheContractDatabasesLeaseClock_Parses() =>
        AssertParses(nameof(SqlServerContractDatabase.CallerLeaseClockSql), SqlServerContractDatabase.CallerLeaseClockSql);

    [Fact]
    public void EverySqlLiteralInTheProvidersSource_Parses()
    {
        var parsed = ParseLiterals("Orchestrator.Storage.SqlServer");
        Assert.True(parsed > 30, $"only {parsed} SQL literals found: the scan no longer sees the provider's SQL");
    }

    [Fact]
    public void EverySqlLiteralInTheWorldsSource_Parses()
    {
        var parsed = ParseLiterals("Orchestrator.Environment.SqlServer");
        Assert.True(parsed > 15, $"only {parsed} SQL literals found: the scan no longer sees the world's SQL");
    }

    [Fact]
    public void EverySqlTextTheWorldBuilds_Parses()
    {
        // The world's own types, and the effect ledger's statements it shares with PostgreSQL's world (DatabaseEffectLedger).
        var texts = typeof(SqlServerWorldStateStore).Assembly.GetTypes().Append(typeof(DatabaseEffectLedger))
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(f => f.FieldType == typeof(string))
            .Select(f => (Name: $"{f.DeclaringType!.Name}.{f.Name}", Sql: (string?)(f.IsLiteral ? f.GetRawConstantValue() : f.GetValue(null))))
            .Where(f => f.Sql is not null && SqlStart().IsMatch(f.Sql))
            .Concat(SqlServerWorldSql.Statements().Select(s => (Name: s.Name, Sql: (string?)s.Sql)))
            .ToList();
        Assert.Contains(texts, t => t.Name == "SqlServerWorldStateStore.LockSql" && t.Sql!.Contains("WITH (UPDLOCK, HOLDLOCK)", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Name == "SqlServerWorldStateStore.ReadLockSql");
        Assert.Contains(texts, t => t.Name == "SqlServerEffectLedger.TrimSql");
        Assert.Contains(texts, t => t.Name == "DatabaseEffectLedger.AcceptSql");
        Assert.Contains(texts, t => t.Name == "world_nodes.Upsert");
        Assert.Contains(texts, t => t.Name == "world_services.LoadMany");
        Assert.Contains(texts, t => t.Name == "world_outages.Latest");
        foreach (var (name, sql) in texts)
        {
            AssertParses(name, sql!);
        }
    }

    [Fact]
    public void TheWorldMigrations_MakeEveryTableTheWorldUses()
    {
        var scripts = string.Concat(Directory.GetFiles(Path.Combine(RepositoryRoot(), "db", "sqlserver"), "*.sql").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        Assert.NotEmpty(SqlServerWorldSql.Tables);
        foreach (var table in SqlServerWorldSql.Tables.Keys)
        {
            Assert.Contains($"EXEC world.create_row_table N'{table}';", scripts, StringComparison.Ordinal);
        }

        foreach (var log in SqlServerWorldSql.Logs.Keys)
        {
            Assert.Contains($"EXEC world.create_log_table N'{log}';", scripts, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheTablesTheWorldMigrationBuildsInDynamicSql_Parse()
    {
        // world.create_row_table and create_log_table build their CREATE TABLE as a string (@sql): it is rebuilt here from
        // the parsed script, every part that is not a literal (the quoted name) standing for one identifier.
        var script = File.ReadAllText(Path.Combine(RepositoryRoot(), "db", "sqlserver", "0003_world.sql"));
        var built = new SqlCommandSplitter().SplitScriptIntoCommands(script)
            .Select(batch => new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(batch), out _))
            .SelectMany(DynamicSql)
            .ToList();
        Assert.Equal(2, built.Count);
        foreach (var sql in built)
        {
            Assert.Contains("CREATE TABLE [t]", sql, StringComparison.Ordinal);
            AssertParses("0003_world.sql, a procedure's @sql", sql);
        }
    }

    private static IEnumerable<string> DynamicSql(TSqlFragment batch)
    {
        var found = new DeclaredSql();
        batch.Accept(found);
        return found.Texts;
    }

    /// <summary>The value of every <c>DECLARE @sql ... = expression</c>: literals kept, anything else one identifier.</summary>
    private sealed class DeclaredSql : TSqlFragmentVisitor
    {
        public List<string> Texts { get; } = [];

        public override void Visit(DeclareVariableElement node)
        {
            if (node.VariableName.Value == "@sql" && node.Value is { } value)
            {
                Texts.Add(Evaluate(value));
            }
        }

        private static string Evaluate(ScalarExpression expression) => expression switch
        {
            BinaryExpression { BinaryExpressionType: BinaryExpressionType.Add } add => Evaluate(add.FirstExpression) + Evaluate(add.SecondExpression),
            StringLiteral literal => literal.Value,
            _ => "[t]",
        };
    }

    /// <summary>Parses every SQL literal of the sources in src/<paramref name="project"/>; how many it parsed.</summary>
    private static int ParseLiterals(string project)
    {
        var parsed = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "src", project), "*.cs"))
        {
            var source = File.ReadAllText(file);
            foreach (Match raw in RawLiteral().Matches(source))
            {
                var sql = string.Join('\n', raw.Groups["body"].Value.Split('\n').Select(l => l.TrimStart()));
                if (SqlStart().IsMatch(sql))
                {
                    AssertParses($"{Path.GetFileName(file)} at {raw.Index}", sql);
                    parsed++;
                }
            }

            foreach (Match plain in PlainLiteral().Matches(source))
            {
                var sql = plain.Groups["body"].Value;
                if (!ColumnListOnly().IsMatch(sql))
                {
                    AssertParses($"{Path.GetFileName(file)} at {plain.Index}", sql);
                    parsed++;
                }
            }
        }

        return parsed;
    }

    /// <summary>Leases on SQL Server's clock (db/sqlserver/0002), as the claim SQL says it.</summary>
    private const string ClaimSqlLeaseClock = "dbo.lease_clock(@now)";

    private static void AssertParses(string name, string sql)
    {
        var dapper = DapperList().Replace(sql, "IN (@$1)");
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(dapper), out var errors);
        Assert.True(errors.Count == 0, $"{name} does not parse as T-SQL: {string.Join("; ", errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}"))}\n{dapper}");
    }

    /// <summary>An INSERT's head whose VALUES the provider's SqlValues appends.</summary>
    [GeneratedRegex(@"^INSERT INTO \w+ \([\w, ]+\)$")]
    private static partial Regex ColumnListOnly();

    [GeneratedRegex(@"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|SET|DECLARE|IF|EXEC)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SqlStart();

    /// <summary>A raw string literal that is not interpolated (interpolated ones are the static fields' parts).</summary>
    [GeneratedRegex("(?<![$\"])\"\"\"[ \\t]*\\r?\\n(?<body>.*?)\\r?\\n[ \\t]*\"\"\"", RegexOptions.Singleline)]
    private static partial Regex RawLiteral();

    [GeneratedRegex("(?<![$\"])\"(?<body>(SELECT|INSERT|UPDATE|DELETE) [^\"]*)\"")]
    private static partial Regex PlainLiteral();

    [GeneratedRegex(@"\bIN\s+@(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex DapperList();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
