using System.Globalization;
using System.Security;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Orchestrator.Node.Ocf;

/// <summary>
/// A resource agent's meta-data (the XML its <c>meta-data</c> action prints, OCF resource-agent API 1.0): its name,
/// its parameters and its actions. <see cref="Parse"/> reads ClusterLabs' agents unchanged; <see cref="ToXml"/> writes
/// the built-in kinds' own.
/// </summary>
public sealed record OcfMetadata(string Agent, IReadOnlyList<OcfParameter> Parameters, IReadOnlyList<string> Actions)
{
    /// <summary>Reads meta-data XML; a <see cref="FormatException"/> names what is wrong with it.</summary>
    public static OcfMetadata Parse(string xml)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new FormatException($"meta-data is not XML: {e.Message}", e);
        }

        var root = document.Root;
        if (root is null || root.Name.LocalName != "resource-agent")
        {
            throw new FormatException($"meta-data's root is <{root?.Name.LocalName}>, not <resource-agent>");
        }

        var agent = (string?)root.Attribute("name") ?? throw new FormatException("meta-data's <resource-agent> has no name");
        var parameters = root.Element("parameters")?.Elements("parameter").Select(ReadParameter).ToList() ?? [];
        var actions = root.Element("actions")?.Elements("action").Select(a => (string?)a.Attribute("name")).OfType<string>().Distinct().ToList() ?? [];
        return new OcfMetadata(agent, parameters, actions);
    }

    /// <summary>The parameter named <paramref name="name"/>, or null.</summary>
    public OcfParameter? Find(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>This meta-data as OCF XML (what a built-in kind's meta-data action answers).</summary>
    public string ToXml()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"<?xml version=\"1.0\"?>\n<resource-agent name=\"{Escape(Agent)}\" version=\"1.0\">\n");
        text.Append("<version>1.0</version>\n<parameters>\n");
        foreach (var p in Parameters)
        {
            text.Append(CultureInfo.InvariantCulture, $"<parameter name=\"{Escape(p.Name)}\" required=\"{(p.Required ? 1 : 0)}\">\n");
            text.Append(CultureInfo.InvariantCulture, $"<shortdesc lang=\"en\">{Escape(p.ShortDescription)}</shortdesc>\n");
            var fallback = p.Default is null ? "" : $" default=\"{Escape(p.Default)}\"";
            text.Append(CultureInfo.InvariantCulture, $"<content type=\"{Escape(p.Type)}\"{fallback}/>\n</parameter>\n");
        }

        text.Append("</parameters>\n<actions>\n");
        foreach (var action in Actions)
        {
            text.Append(CultureInfo.InvariantCulture, $"<action name=\"{Escape(action)}\" timeout=\"20s\"/>\n");
        }

        text.Append("</actions>\n</resource-agent>\n");
        return text.ToString();
    }

    private static OcfParameter ReadParameter(XElement parameter)
    {
        var name = (string?)parameter.Attribute("name") ?? throw new FormatException("a <parameter> has no name");
        var required = (string?)parameter.Attribute("required") is "1" or "true" or "yes";
        var content = parameter.Element("content");
        var type = (string?)content?.Attribute("type") ?? "string";
        var fallback = (string?)content?.Attribute("default");
        var description = parameter.Element("shortdesc")?.Value.Trim() ?? "";
        return new OcfParameter(name, required, type, string.IsNullOrEmpty(fallback) ? null : fallback, description);
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
