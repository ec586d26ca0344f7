using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;
using Orchestrator.Engine.Definitions;

namespace Orchestrator.Engine.Tests.Definitions;

/// <summary>
/// Issue 14 (ClusterLabs point): what a check beyond the file (an agents cluster's resources against their agents'
/// meta-data) adds to a parse — <see cref="ClusterDefinitionParser.Include"/> — and where each real parameter was written,
/// for the check's errors about one parameter.
/// </summary>
public sealed class DefinitionCheckIncludeTests
{
    private static string Sample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
                return File.ReadAllText(Path.Combine(dir.FullName, "workflows", "samples", name)).ReplaceLineEndings("\n");
        throw new InvalidOperationException("Orchestrator.sln not found above " + AppContext.BaseDirectory);
    }

    private static int LineOf(string text, string fragment) => text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(fragment, StringComparison.Ordinal)).i + 1;

    [Fact]
    public void AnIncludedError_RefusesTheDefinition_AndEveryProblemStaysInLineOrder()
    {
        var parsed = ClusterDefinitionParser.ParseAndValidate(Sample("two-node.yaml"));
        Assert.True(parsed.Succeeded);

        var warned = ClusterDefinitionParser.Include(parsed, [Warning(9), Warning(4)]);
        var refused = ClusterDefinitionParser.Include(warned, [new ValidationError(new SourceLocation(6, 3), "missing", "add it")]);

        Assert.True(warned.Succeeded);
        Assert.Same(parsed.Definition, warned.Definition);
        Assert.Equal([4, 9], warned.Warnings.Select(w => w.Location.Line));
        Assert.Null(refused.Definition);
        Assert.Equal(6, Assert.Single(refused.Errors).Location.Line);
        Assert.Equal([4, 9], refused.Warnings.Select(w => w.Location.Line));
    }

    [Fact]
    public void EachRealParameter_KeepsWhereItWasWritten_AScriptsUnderParams_ABuiltInKindsAtItsKey()
    {
        var clusterLabs = Sample("lab-agents-clusterlabs.yaml");
        var builtIn = Sample("lab-agents.yaml");

        var script = ClusterDefinitionParser.ParseAndValidate(clusterLabs).Definition!.Hierarchies[0].Address!.Real!;
        var ip = ClusterDefinitionParser.ParseAndValidate(builtIn).Definition!.Hierarchies[0].Address!.Real!;

        var paramsLine = LineOf(clusterLabs, "params: {ip: 198.18.7.100");
        Assert.Equal(new SourceLocation(paramsLine, clusterLabs.Split('\n')[paramsLine - 1].IndexOf("nic:", StringComparison.Ordinal) + 1), script.ParameterLocations["nic"]);
        Assert.Equal(new SourceLocation(LineOf(builtIn, "interface: lab0"), 7), ip.ParameterLocations["interface"]);
    }

    private static ValidationError Warning(int line) => new(new SourceLocation(line, 1), $"warning {line}", "none") { Severity = ValidationSeverity.Warning };
}
