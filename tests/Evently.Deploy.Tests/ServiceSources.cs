using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Evently.Deploy.Tests;

/// <summary>
/// What a service reads from configuration, judged from its own code: the C# and appsettings files of its project
/// and of every project it references (transitively). Independent of the generator on purpose: the generator copies
/// the AppHost's model, this looks at the code that has to consume it.
/// </summary>
public sealed partial class ServiceSources
{
    private readonly string _text;

    public ServiceSources(string projectFile)
    {
        var files = new List<string>();
        foreach (var project in ProjectClosure(Path.GetFullPath(projectFile)))
        {
            var dir = Path.GetDirectoryName(project)!;
            files.AddRange(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("appsettings", StringComparison.Ordinal))
                    && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)));
        }

        _text = string.Join('\n', files.Select(File.ReadAllText));
    }

    /// <summary>
    /// Whether the service reads <paramref name="variable"/> (an environment variable name, <c>__</c> for <c>:</c>);
    /// <paramref name="why"/> says by which code.
    /// </summary>
    public bool Reads(string variable, out string why)
    {
        var key = variable.Replace("__", ":", StringComparison.Ordinal);
        if (FrameworkSettings.TryGetValue(variable, out var reader) || (key.StartsWith("Logging:", StringComparison.Ordinal) && FrameworkSettings.TryGetValue("Logging", out reader)))
        {
            why = reader.Why;
            return Contains(reader.Evidence);
        }

        var parts = key.Split(':');
        switch (parts)
        {
            case ["ConnectionStrings", var name]:
                why = $"a client registered for the connection name \"{name}\"";
                return Contains($"\"{name}\"") || (ShardedName().Match(name) is { Success: true } shard && Contains($"\"{shard.Groups["prefix"].Value}{{"));
            case ["services", var service, "http", "0"]:
                why = $"a service discovery address http://{service} or a services:{{name}} lookup naming \"{service}\"";
                return Contains($"\"http://{service}\"") || (Contains("\"services:{") && Contains($"\"{service}\"")) || Contains($"\"services:{service}:http:0\"");
            case [var section, .. var rest] when rest.Length > 0:
                why = $"an options class bound to \"{string.Join(':', parts[..^1])}\" with a property {parts[^1]}, or the key itself";
                return Contains($"\"{key}\"") || BindsOption(string.Join(':', parts[..^1]), parts[^1]) || BindsOption(section, rest[0]);
            default:
                why = "the key as a literal";
                return Contains($"\"{variable}\"");
        }
    }

    /// <summary>A class with <c>SectionName = "section"</c> that declares a public <paramref name="property"/>.</summary>
    private bool BindsOption(string section, string property) =>
        Regex.Matches(_text, "SectionName = \"" + Regex.Escape(section) + "\";(?<body>[\\s\\S]*?)\n}")
            .Any(m => Regex.IsMatch(m.Groups["body"].Value, $@"public [\w<>?\[\]]+ {Regex.Escape(property)} \{{"));

    private bool Contains(string literal) => _text.Contains(literal, StringComparison.Ordinal);

    /// <summary>
    /// Settings read by the frameworks rather than our code, each with the call that brings that framework in
    /// (the evidence must be in the service's code, or the setting would be dead there too).
    /// </summary>
    private static readonly Dictionary<string, (string Evidence, string Why)> FrameworkSettings = new(StringComparer.Ordinal)
    {
        ["OTEL_SERVICE_NAME"] = ("UseOtlpExporter()", "the OpenTelemetry SDK (resource service.name), through ServiceDefaults"),
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = ("\"OTEL_EXPORTER_OTLP_ENDPOINT\"", "ServiceDefaults, which turns the OTLP exporter on when it is set"),
        ["OTEL_EXPORTER_OTLP_TIMEOUT"] = ("UseOtlpExporter()", "the OpenTelemetry SDK's OTLP exporter"),
        ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = ("UseOtlpExporter()", "the OpenTelemetry SDK's OTLP exporter (retries)"),
        ["HTTP_PORTS"] = ("WebApplication.CreateBuilder", "ASP.NET Core's host (the ports Kestrel listens on)"),
        ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = ("WebApplication.CreateBuilder", "ASP.NET Core's host (forwarded headers behind a proxy)"),
        ["Logging"] = ("WebApplication.CreateBuilder", "Microsoft.Extensions.Logging's configuration, set up by the web host"),
    };

    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([project]);
        while (queue.TryDequeue(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
            {
                queue.Enqueue(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, reference.Attribute("Include")!.Value)));
            }
        }

        return seen;
    }

    [GeneratedRegex(@"^(?<prefix>.+-)\d+$")]
    private static partial Regex ShardedName();
}
