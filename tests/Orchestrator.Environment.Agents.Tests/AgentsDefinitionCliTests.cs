using Orchestrator.Environment.Agents.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.Environment.Agents.Tests;

public sealed class AgentsDefinitionCliTests
{
    [Fact]
    public async Task AnAgentsDefinitionMistake_IsRefusedByValidateAndApply_WithFileLineAndColumn_AndExit2()
    {
        using var dir = new TempDataDir();
        var yaml = dir.Sibling("lab.yaml");
        var text = LabAgentsSample.With("      urls: [http://198.18.7.11:7070, http://198.18.8.11:7070]", "      urls: [http://198.18.7.11:7070, 198.18.8.11:7070]");
        await File.WriteAllTextAsync(yaml, text);
        var line = LabAgentsSample.LineOf("      urls: [", text);

        foreach (var verb in new[] { "validate", "apply" })
        {
            var result = (await dir.RunAsync("cluster", verb, yaml)).ShouldExitWith(2);
            Assert.Contains(result.ErrorLines, l => l.StartsWith($"{yaml}:{line}:", StringComparison.Ordinal)
                && l.Contains("Agent URL '198.18.8.11:7070' of node 'node1' is not an http:// or https:// URL.", StringComparison.Ordinal));
        }

        Assert.False(Directory.Exists(dir.Path), "a refused definition must not create the data directory");
    }
}
