using System.Diagnostics;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.Agents;

/// <summary>
/// Runs a node's fence script: <c>SCRIPT NODE</c>, with ORCHESTRATOR_NODE, ORCHESTRATOR_EFFECT_KEY and
/// ORCHESTRATOR_FENCING_TOKEN in its environment; killed (with its children) when it does not end within the timeout.
/// </summary>
internal static class FenceScript
{
    public static async Task RunAsync(string script, string node, EffectKey key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(node);
        start.Environment["ORCHESTRATOR_NODE"] = node;
        start.Environment["ORCHESTRATOR_EFFECT_KEY"] = key.ToString();
        start.Environment["ORCHESTRATOR_FENCING_TOKEN"] = key.FencingToken.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new EnvironmentException($"fence script {script} for node {node} did not start", transient: false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new EnvironmentException($"fence script {script} for node {node} cannot run: {e.Message}", transient: false);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new EnvironmentException($"fence script {script} for node {node} did not end within {timeout.TotalSeconds:0.#} s; killed");
            }

            await Task.WhenAll(output, error).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                var last = (await error.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
                throw new EnvironmentException($"fence script {script} for node {node} exited {process.ExitCode}{(last.Length > 0 ? $": {last}" : "")}");
            }
        }
    }
}
