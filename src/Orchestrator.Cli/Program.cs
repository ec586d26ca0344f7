using System.Globalization;
using Orchestrator.Cli;

// The process runs with ICU (Microsoft.Data.SqlClient refuses invariant globalization mode: README "SQL Server"), so the
// user's locale would reach every number and date formatted without a culture: the CLI and serve say theirs instead.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

return await CliApplication.RunAsync(args).ConfigureAwait(false);
