using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Definitions;

/// <summary>
/// Issue 11 (idle serve): the monitor asks for the definition in force every round; its text is parsed once per
/// version, and a newly applied version is seen by the next call.
/// </summary>
public sealed class CurrentDefinitionTests
{
    [Fact]
    public async Task TheSameStoredVersion_IsParsedOnce_AndANewVersionIsSeenAtTheNextCall()
    {
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false);
        var current = o.Get<CurrentDefinition>();

        var (first, version) = await current.GetAsync(CancellationToken.None);
        var (again, sameVersion) = await current.GetAsync(CancellationToken.None);
        Assert.Equal(version, sameVersion);
        Assert.Same(first, again); // not parsed a second time

        var file = Path.Combine(o.Directory, "cluster-v2.yaml");
        await File.WriteAllTextAsync(file, Samples.Read("two-node").Replace("mail.example.com", "mail2.example.com", StringComparison.Ordinal));
        await o.Mediator.Send(new ApplyClusterCommand(file, "tester"));

        var (changed, newVersion) = await current.GetAsync(CancellationToken.None);
        Assert.True(newVersion > version, $"the new apply should be a new version (was v{version}, now v{newVersion})");
        Assert.NotSame(first, changed);
        Assert.Contains(changed.Hierarchies.SelectMany(h => h.Dns), d => d.Name == "mail2.example.com");
    }

    [Fact]
    public async Task TheTextOfAVersionHeld_IsNotReadAgain_UntilAnotherWriterAppliesANewOne()
    {
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false);
        var store = new TextReadCounter(o.Get<IClusterDefinitionStore>());
        var current = new CurrentDefinition(store, o.Get<DataDirectory>());

        var (first, version) = await current.GetAsync(CancellationToken.None);
        await current.GetAsync(CancellationToken.None);
        await current.GetAsync(CancellationToken.None);
        Assert.Equal(1, store.TextReads); // the version asked each time, its text read once

        // Applied through the process's own store, not through this reader (as another runner or the CLI would).
        var file = Path.Combine(o.Directory, "cluster-v2.yaml");
        await File.WriteAllTextAsync(file, Samples.Read("two-node").Replace("mail.example.com", "mail2.example.com", StringComparison.Ordinal));
        await o.Mediator.Send(new ApplyClusterCommand(file, "tester"));

        var (changed, newVersion) = await current.GetAsync(CancellationToken.None);
        Assert.True(newVersion > version, $"the other writer's apply should be seen (was v{version}, now v{newVersion})");
        Assert.NotSame(first, changed);
        Assert.Contains(changed.Hierarchies.SelectMany(h => h.Dns), d => d.Name == "mail2.example.com");
        Assert.Equal(2, store.TextReads);
    }

    /// <summary>The store, counting the reads of a version's text (its number alone is not counted).</summary>
    private sealed class TextReadCounter(IClusterDefinitionStore inner) : IClusterDefinitionStore
    {
        private int _textReads;

        public int TextReads => Volatile.Read(ref _textReads);

        public Task<StoredDefinition?> GetCurrentAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _textReads);
            return inner.GetCurrentAsync(cancellationToken);
        }

        public Task<long?> GetCurrentVersionAsync(CancellationToken cancellationToken) => inner.GetCurrentVersionAsync(cancellationToken);

        public Task<DefinitionApplyResult> ApplyAsync(
            StoredDefinition definition, IReadOnlyDictionary<string, string> initialPlacements, IReadOnlyCollection<string> removedHierarchies, NewAuditEntry audit,
            CancellationToken cancellationToken) =>
            inner.ApplyAsync(definition, initialPlacements, removedHierarchies, audit, cancellationToken);
    }
}
