using System.Globalization;

namespace Orchestrator.Node.Kinds;

/// <summary>A user of /etc/passwd: its uid and primary gid (what setpriv needs to run a service as it).</summary>
internal sealed record PasswdEntry(string Name, int Uid, int Gid)
{
    public static PasswdEntry? Find(string user)
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == user
                && int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var uid)
                && int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var gid))
            {
                return new PasswdEntry(user, uid, gid);
            }
        }

        return null;
    }
}
