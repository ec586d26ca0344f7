using System.Text.RegularExpressions;
using CsCheck;
using Orchestrator.Engine.Definitions;
using Orchestrator.Environment.Agents;
using Orchestrator.Testing.Definitions;

namespace Orchestrator.Engine.Tests.Definitions;

/// <summary>
/// Issue 15's acceptance property: a cluster file made from a sample by random edits (<see cref="MutatedClusterFiles"/>),
/// read the way `cluster validate` and `cluster apply` read it (<see cref="DefinitionFileReader"/> with the CLI's resource
/// check), never throws; it is either valid (exit 0) or refused with errors (exit 2); and every error or warning is one
/// line that starts with the file's name and a line of the file (1 to its lines + 1). 1,000 cases by default;
/// ORCHESTRATOR_PROPERTY_CASES=20000 for the full budget.
/// </summary>
public sealed partial class MutatedClusterFilePropertyTests
{
    [GeneratedRegex(@"^m\.yaml:(\d+):(\d+): ")]
    private static partial Regex Position();

    [Fact]
    public void A_mutated_cluster_file_is_valid_or_refused_with_one_line_per_error_at_a_real_line_and_never_crashes()
    {
        var directory = Directory.CreateTempSubdirectory("mutated-");
        var path = Path.Combine(directory.FullName, "m.yaml");
        var check = new ResourceMetadataCheck();
        try
        {
            MutatedClusterFiles.Generator.Sample(c =>
            {
                var bytes = MutatedClusterFiles.Apply(c.Sample, c.Edits);
                File.WriteAllBytes(path, bytes);

                var result = DefinitionFileReader.ReadAsync(path, check, CancellationToken.None).GetAwaiter().GetResult();

                Assert.Equal(result.Definition is not null, result.Errors.Count == 0);
                var lines = bytes.Count(b => b == '\n') + 1;
                var found = result.Errors.Concat(result.Warnings).ToList();
                var output = ClusterDefinitionParser.Format("m.yaml", found).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(found.Count, output.Length);
                foreach (var line in output)
                {
                    var at = Position().Match(line);
                    Assert.True(at.Success, $"not 'm.yaml:LINE:COL: ': {line[..Math.Min(line.Length, 300)]}");
                    var (number, column) = (long.Parse(at.Groups[1].Value), long.Parse(at.Groups[2].Value));
                    Assert.True(number >= 1 && number <= lines + 1 && column >= 1, $"line {number} of a file of {lines} lines: {line[..Math.Min(line.Length, 300)]}");
                }
            }, iter: MutatedClusterFiles.Cases, threads: 1);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
