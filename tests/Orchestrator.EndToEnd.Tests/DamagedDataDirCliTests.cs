using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Damaged or unusual data directories (issue 15): each is refused with one line on stderr and exit 2, and nothing in
/// the data directory is changed (bytes and last write times), or, for a logs folder that cannot be written, said once.
/// </summary>
public sealed class DamagedDataDirCliTests
{
    [Fact]
    public async Task An_empty_data_dir_option_is_refused_in_one_line_not_a_stack_trace()
    {
        foreach (var command in new[] { new[] { "status" }, ["cluster", "apply", Samples.TwoNode] })
        {
            var result = await OrchestratorProcess.RunAsync(["--data-dir", "", .. command]);

            result.ShouldExitWith(2);
            result.ShouldPrintOneError("--data-dir", "empty");
        }
    }

    [Theory]
    [InlineData("status")]
    [InlineData("cluster", "apply", "TWO-NODE")]
    [InlineData("switchover", "exch1", "--to", "node2", "--wait")]
    [InlineData("db", "check")]
    public async Task A_data_dir_that_is_a_file_or_under_a_file_is_refused_in_one_line_and_the_file_is_untouched(params string[] command)
    {
        using var scratch = new TempDataDir();
        var file = scratch.Sibling("plain-file");
        await File.WriteAllTextAsync(file, "not a directory\n");
        var before = FileStamps.Take(file);
        var arguments = command.Select(a => a == "TWO-NODE" ? Samples.TwoNode : a).ToArray();

        var onFile = await OrchestratorProcess.RunAsync(["--data-dir", file, .. arguments]);
        var underFile = await OrchestratorProcess.RunAsync(["--data-dir", Path.Combine(file, "data"), .. arguments]);

        onFile.ShouldExitWith(2);
        onFile.ShouldPrintOneError(file, "is a file");
        underFile.ShouldExitWith(2);
        underFile.ShouldPrintOneError(file, "is a file");
        Assert.Equal(before, FileStamps.Take(file));
    }

    [Fact]
    public async Task A_runner_lock_that_is_a_directory_is_refused_in_one_line_before_a_procedure_is_recorded()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        var runnerLock = Path.Combine(dir.Path, "runner.lock");
        File.Delete(runnerLock);
        Directory.CreateDirectory(runnerLock);
        var before = FileStamps.Take(dir.Path);

        foreach (var command in new[] { new[] { "switchover", "exch1", "--to", "node2" }, ["switchover", "exch1", "--to", "node2", "--wait"], ["serve", "--no-dashboard"] })
        {
            var result = await dir.RunAsync(command);

            result.ShouldExitWith(2);
            result.ShouldPrintOneError(runnerLock, "directory");
        }

        Assert.Equal(before, FileStamps.Take(dir.Path));
        Directory.Delete(runnerLock);
        Assert.Equal(0, await dir.ProcedureCountAsync());
    }

    [Fact]
    public async Task A_logs_folder_that_cannot_be_written_is_said_once_on_stderr_and_the_command_goes_on()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        // The tests run as root, which ignores file modes: the logs path is made unwritable by being a regular file.
        var logs = Path.Combine(dir.Path, "logs");
        Directory.Delete(logs, recursive: true);
        await File.WriteAllTextAsync(logs, "a file where the logs folder should be\n");

        var status = await dir.RunAsync("status");

        status.ShouldExitWith(0);
        Assert.Contains("exch1", status.StdOut, StringComparison.Ordinal);
        var warning = Assert.Single(status.MessageLines);
        Assert.Contains(logs, warning, StringComparison.Ordinal);
        Assert.Contains("without a log", warning, StringComparison.Ordinal);

        await using var serve = await ServeProcess.StartAsync(dir);
        Assert.Single(serve.StdErr.Split('\n'), l => l.Contains(logs, StringComparison.Ordinal) && l.Contains("without a log", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_zero_byte_database_beside_a_used_world_is_not_reinitialised_without_db_init_force()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "fail-node", "node2")).ShouldExitWith(0);
        var database = Path.Combine(dir.Path, "orchestrator.db");
        await File.WriteAllBytesAsync(database, []);
        var before = FileStamps.Take(dir.Path);

        foreach (var command in new[] { new[] { "cluster", "apply", Samples.TwoNode }, ["db", "migrate"], ["db", "init"], ["db", "check"], ["status"] })
        {
            var result = await dir.RunAsync(command);

            result.ShouldExitWith(2);
            result.ShouldPrintOneError(database);
            Assert.Equal(before, FileStamps.Take(dir.Path));
        }

        (await dir.RunAsync("db", "init", "--force")).ShouldExitWith(0);
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("status")).ShouldExitWith(0);
    }

    [Fact]
    public async Task A_zero_byte_database_refusal_says_how_to_start_afresh()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, "orchestrator.db"), []);

        var result = await dir.RunAsync("cluster", "apply", Samples.TwoNode);

        result.ShouldExitWith(2);
        result.ShouldPrintOneError("world.db", "backup", "db init --force");
    }

    [Fact]
    public async Task A_damaged_page_is_reported_in_one_line_naming_the_file_and_the_fix_with_the_full_check_in_the_log()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        var database = Path.Combine(dir.Path, "orchestrator.db");
        DamagePage.BreakAuditTable(database);
        var before = FileStamps.Take(dir.Path);

        var check = await dir.RunAsync("db", "check");
        var verify = await dir.RunAsync("audit", "verify");

        check.ShouldExitWith(2);
        var line = check.ShouldPrintOneError(database, "damaged", "backup", Path.Combine(dir.Path, "logs"));
        Assert.DoesNotContain("\n", line, StringComparison.Ordinal);
        var log = string.Concat(Directory.GetFiles(Path.Combine(dir.Path, "logs")).Select(File.ReadAllText));
        Assert.Contains("Extends off end of page", log, StringComparison.Ordinal);
        verify.ShouldExitWith(2);
        verify.ShouldPrintOneError(database);
        Assert.Equal(before, FileStamps.Take(dir.Path));
    }
}
