using Orchestrator.Cli.Infrastructure;

namespace Orchestrator.Cli.Tests;

/// <summary>Redirects the process's stderr: kept out of parallel runs.</summary>
[CollectionDefinition(nameof(ConsoleCapture), DisableParallelization = true)]
public sealed class ConsoleCapture;

[Collection(nameof(ConsoleCapture))]
public sealed class ErrorReporterTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "orch-errors-" + Guid.NewGuid().ToString("N")[..8]);

    public ErrorReporterTests() => Directory.CreateDirectory(_dataDir);

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public void An_unexpected_error_prints_one_line_with_the_logs_location_and_the_trace_goes_to_the_log()
    {
        var error = new StringWriter();
        var original = Console.Error;
        int code;
        Console.SetError(error);
        try
        {
            code = ErrorReporter.Report(Thrown(), _dataDir, logJson: false);
        }
        finally
        {
            Console.SetError(original);
        }

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.Equal(ExitCodes.ProcedureFailed, code);
        Assert.Contains("something nobody expected", line, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_dataDir, "logs"), line, StringComparison.Ordinal);
        var log = string.Concat(Directory.GetFiles(Path.Combine(_dataDir, "logs")).Select(File.ReadAllText));
        Assert.Contains(nameof(InvalidOperationException), log, StringComparison.Ordinal);
        Assert.Contains(nameof(ThrowDeep), log, StringComparison.Ordinal); // the trace points where it was thrown, not at the reporter
    }

    [Fact]
    public void An_unexpected_error_inside_an_aggregate_is_reported_as_its_inner_error()
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            ErrorReporter.Report(new AggregateException(Thrown()), _dataDir, logJson: false);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Contains("something nobody expected", Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    private static InvalidOperationException Thrown()
    {
        try
        {
            ThrowDeep();
            throw new InvalidOperationException("unreachable");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    private static void ThrowDeep() => throw new InvalidOperationException("something nobody expected");
}
