using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orchestrator.Agent;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Host.Logging;
using Orchestrator.Host.Web;
using Orchestrator.Node;
using Orchestrator.Node.Kinds;
using Serilog.Extensions.Logging;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// `agent`: the node agent (issue 14) on this machine: runs resource actions for the orchestrator on one address per
/// communication path, keeps its ledger in the data directory, until Ctrl+C or SIGTERM.
/// </summary>
public static class AgentCommand
{
    public static Command Create()
    {
        var node = new Option<string>("--node") { Description = "The node this agent runs on, as the cluster file names it", Required = true, HelpName = "NAME" }.NameOf("node");
        var listen = new Option<string[]>("--listen")
        {
            Description = "An address to listen on, ADDR:PORT, one per communication path (repeat the option); port 0 picks a free one",
            Required = true,
            HelpName = "ADDR:PORT",
            AllowMultipleArgumentsPerToken = false,
        };
        var tokenFile = new Option<string?>("--token-file")
        {
            Description = "A file holding the shared token every request must carry (Authorization: Bearer); chmod 600. Only loopback addresses may go without one",
            HelpName = "FILE",
        };
        var certificate = new Option<string?>("--certificate")
        {
            Description = "Serve HTTPS with this certificate: a PKCS#12 file (.pfx, .p12, no password) or a PEM file holding the certificate and its key",
            HelpName = "FILE",
        };
        var kindsAssembly = new Option<string?>("--kinds-assembly")
        {
            Description = "TEST ONLY: also host the resource kinds of this assembly (public IResourceKind types with a parameterless constructor)",
            Hidden = true,
        };
        var command = new Command("agent", "Run the node agent: resource actions for the orchestrator (ledgered by effect key, fenced by claim token), health on each path, until Ctrl+C")
        {
            node, listen, tokenFile, certificate, kindsAssembly,
        };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var dataDir = GlobalOptions.ResolveDataDir(result);
            AgentOptions? options = null;
            try
            {
                options = new AgentOptions
                {
                    Node = result.GetValue(node)!,
                    Listen = [.. result.GetValue(listen)!.Select(Endpoint)],
                    Token = result.GetValue(tokenFile) is { } file ? AgentTokenFile.Read(file) : null,
                    Certificate = result.GetValue(certificate) is { } path ? LoadCertificate(path) : null,
                    DataDirectory = dataDir,
                    Kinds = Kinds(result.GetValue(node)!, result.GetValue(kindsAssembly)),
                    LoggerFactory = new SerilogLoggerFactory(LoggingSetup.Create(dataDir, result.GetValue(GlobalOptions.LogJson)), dispose: true),
                };
                return await RunAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (AgentConfigurationException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            finally
            {
                options?.LoggerFactory.Dispose();
                options?.Certificate?.Dispose();
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(AgentOptions options, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        // Without a token on loopback the agent logs a warning (stderr and DIR/logs): AgentAccessRule.Warning.
        await using var server = await StartAsync(options, cancellationToken).ConfigureAwait(false);
        foreach (var url in server.Urls)
        {
            Console.Out.WriteLine($"agent {options.Node} listening on {url}");
        }

        Console.Out.WriteLine($"agent {options.Node} ready (pid {System.Environment.ProcessId}); Ctrl+C to stop");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Console.Out.WriteLine("stopping");
        return ExitCodes.Ok;
    }

    private static async Task<AgentServer> StartAsync(AgentOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await AgentServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new AgentConfigurationException($"cannot listen on {string.Join(", ", options.Listen)}: {e.Message.TrimEnd('.')}; is the address this machine's, and the port free?");
        }
    }

    private static IPEndPoint Endpoint(string text)
    {
        var address = ListenAddress.Parse(text);
        return new IPEndPoint(address.IsLocalhost ? IPAddress.Loopback : address.Address ?? IPAddress.Any, address.Port);
    }

    private static X509Certificate2 LoadCertificate(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return Path.GetExtension(full).ToLowerInvariant() is ".pfx" or ".p12"
                ? X509CertificateLoader.LoadPkcs12FromFile(full, password: null)
                : X509Certificate2.CreateFromPemFile(full);
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException)
        {
            throw new AgentConfigurationException($"--certificate {full}: {e.Message.TrimEnd('.')}; give a PKCS#12 file without password, or a PEM file with the certificate and its private key");
        }
    }

    /// <summary>The built-in kinds of Orchestrator.Node for this node, and (tests only) those of <paramref name="testAssembly"/>.</summary>
    private static IReadOnlyList<IResourceKind> Kinds(string node, string? testAssembly)
    {
        var kinds = NodeResourceKinds.Create(new NodeKindOptions { NodeName = node }).All.ToList();
        if (testAssembly is not null)
        {
            var full = Path.GetFullPath(testAssembly);
            var folder = Path.GetDirectoryName(full)!;
            AssemblyLoadContext.Default.Resolving += (context, name) =>
                File.Exists(Path.Combine(folder, name.Name + ".dll")) ? context.LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll")) : null;
            kinds.AddRange(ResourceKindCatalog.Discover(AssemblyLoadContext.Default.LoadFromAssemblyPath(full)));
        }

        return kinds;
    }
}
