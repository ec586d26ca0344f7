namespace Orchestrator.Testing.Agents;

/// <summary>
/// A small OCF resource agent written by a test (POSIX sh): start, stop, monitor and meta-data with OCF exit codes, its
/// state one file per node and resource (the node from <see cref="NodeVariable"/>, which the test gives each agent
/// process). Every call appends <c>VERB NODE RESOURCE exit=N OCF_RESKEY_…</c> to <see cref="LogPath"/>. A fail flag
/// (<see cref="Fail"/>) makes monitor answer 7 (not running) until a start, which clears it (a restart recovers); a
/// start-fail flag (<see cref="FailStart"/>) makes start answer 1 (generic error); a hang flag (<see cref="Hang"/>)
/// makes monitor answer 1 (failed, not cleanly stopped) until a stop, while a start of it answers 0 as "already running".
/// </summary>
public sealed class OcfScript
{
    /// <summary>The environment variable that names the node to the script (set on the agent, inherited by what it runs).</summary>
    public const string NodeVariable = "OCF_TEST_NODE";

    /// <summary>The prefix of the parameters the script logs.</summary>
    public const string ParameterPrefix = "OCF_RESKEY_";

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public OcfScript(ScratchDirectory directory, string name = "ocf-test-agent")
    {
        ArgumentNullException.ThrowIfNull(directory);
        StateDirectory = Directory.CreateDirectory(directory.File(name + ".state")).FullName;
        LogPath = directory.File(name + ".log");
        Path = directory.Script(name, Body(StateDirectory, LogPath));
    }

    /// <summary>The script's absolute path (what a cluster file's 'script:' names).</summary>
    public string Path { get; }

    public string LogPath { get; }

    /// <summary>The state: <c>NODE.RESOURCE.on</c> while it runs there, and the flags (a fence script may remove a node's files).</summary>
    public string StateDirectory { get; }

    /// <summary>Every call so far, in the order they were logged.</summary>
    public IReadOnlyList<OcfCall> Calls() =>
        File.Exists(LogPath) ? File.ReadAllLines(LogPath).Where(l => l.Length > 0).Select(OcfCall.Parse).ToList() : [];

    /// <summary>From now on the resource's monitor on <paramref name="node"/> answers 7, until it is started again.</summary>
    public void Fail(string node, string resource) => File.WriteAllText(Flag(node, resource, "fail"), "");

    /// <summary>From now on the resource's monitor on <paramref name="node"/> answers 1 (failed) until it is stopped; a start alone changes nothing.</summary>
    public void Hang(string node, string resource) => File.WriteAllText(Flag(node, resource, "hang"), "");

    /// <summary>From now on the resource's start on <paramref name="node"/> answers 1.</summary>
    public void FailStart(string node, string resource) => File.WriteAllText(Flag(node, resource, "fail-start"), "");

    private string Flag(string node, string resource, string what) => System.IO.Path.Combine(StateDirectory, $"{node}.{resource}.{what}");

    private static string Body(string state, string log) => $$"""
        # OCF resource agent written by a test: VERB NODE RESOURCE exit=N OCF_RESKEY_... appended to the log per call.
        verb="$1"
        node="${{{NodeVariable}}:-unknown}"
        res="${OCF_RESOURCE_INSTANCE:-unnamed}"
        base='{{state}}'/"$node.$res"
        params=$(env | grep '^{{ParameterPrefix}}' | grep -v '^{{ParameterPrefix}}CRM_meta' | LC_ALL=C sort | tr '\n' ' ')
        answer() { echo "$verb $node $res exit=$1 $params" >> '{{log}}'; exit "$1"; }
        case "$verb" in
          meta-data)
            cat <<'XML'
        <?xml version="1.0"?>
        <resource-agent name="ocf-test-agent" version="1.0">
          <version>1.0</version>
          <shortdesc lang="en">A test's resource</shortdesc>
          <parameters>
            <parameter name="role" unique="0" required="0"><content type="string"/></parameter>
            <parameter name="port" unique="0" required="0"><content type="integer"/></parameter>
            <parameter name="spool" unique="0" required="0"><content type="string"/></parameter>
            <parameter name="device" unique="0" required="0"><content type="string"/></parameter>
            <parameter name="directory" unique="0" required="0"><content type="string"/></parameter>
            <parameter name="ip" unique="0" required="0"><content type="string"/></parameter>
            <parameter name="cidr_netmask" unique="0" required="0"><content type="integer"/></parameter>
          </parameters>
          <actions>
            <action name="start" timeout="20s"/><action name="stop" timeout="20s"/>
            <action name="monitor" timeout="20s" interval="10s"/><action name="meta-data" timeout="5s"/>
          </actions>
        </resource-agent>
        XML
            exit 0 ;;
          start)
            [ -e "$base.fail-start" ] && answer 1
            rm -f "$base.fail"; : > "$base.on"; answer 0 ;;
          stop)
            rm -f "$base.on" "$base.hang"; answer 0 ;;
          monitor)
            [ -e "$base.hang" ] && answer 1
            [ -e "$base.fail" ] && answer 7
            [ -e "$base.on" ] && answer 0
            answer 7 ;;
          *)
            answer 3 ;;
        esac
        """;
}
