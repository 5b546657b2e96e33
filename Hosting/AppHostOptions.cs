using System.Globalization;

namespace Evently.Hosting;

/// <summary>AppHost's command line.</summary>
public sealed class AppHostOptions
{
    public const string Usage = """
        Usage: dotnet run --project AppHost -- [options]

          --state DIR             state folder: data, logs, secrets, pid files (default: .evently/ at the repo root)
          --fresh                 empty the state folder first (new databases, new secrets)
          --booking-shards N      booking PostgreSQL shards (default 4)
          --gateway-port PORT     gateway port on 127.0.0.1 (default 8080; 0 = any free port)
          --dashboard-port PORT   Aspire dashboard port (default: the launch profile's, 18888)
          --replicas N            run every service as N replicas behind Aspire's balancing proxy (default 1)
          --replicas PROJECT=N    replicas of one service (repeatable; overrides the count for all)
          --env PROJECT:KEY=VALUE extra environment for one project (repeatable)
          --help                  this text
        Anything else (e.g. --publisher manifest --output-path DIR) goes to Aspire.
        """;

    public string StateDirectory { get; private set; } = DefaultStateDirectory();

    public bool Fresh { get; private set; }

    public int BookingShards { get; private set; } = 4;

    public int GatewayPort { get; private set; } = 8080;

    /// <summary>Null: the launch profile's (ASPNETCORE_URLS).</summary>
    public int? DashboardPort { get; private set; }

    /// <summary>How many replicas <paramref name="project"/> runs as: its own <c>--replicas PROJECT=N</c>, else <c>--replicas N</c>, else 1.</summary>
    public int Replicas(string project) => _replicas.TryGetValue(project, out var n) ? n : _allReplicas;

    /// <summary>Projects named by <c>--replicas PROJECT=N</c>.</summary>
    public IEnumerable<string> ReplicaProjects => _replicas.Keys;

    private int _allReplicas = 1;
    private readonly Dictionary<string, int> _replicas = new(StringComparer.Ordinal);

    /// <summary>Arguments that are not ours, for Aspire's own configuration (publisher, output path, …).</summary>
    public IReadOnlyList<string> AspireArgs => _aspireArgs;

    private readonly List<string> _aspireArgs = [];

    public bool ShowHelp { get; private set; }

    /// <summary>Project name → extra environment, from <c>--env project:KEY=VALUE</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ProjectEnvironment =>
        _projectEnvironment.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, string>)p.Value);

    private readonly Dictionary<string, Dictionary<string, string>> _projectEnvironment = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a one-line reason.</summary>
    public static AppHostOptions Parse(IReadOnlyList<string> args)
    {
        var options = new AppHostOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value."));

            switch (arg)
            {
                case "--state":
                    options.StateDirectory = Path.GetFullPath(Value());
                    break;
                case "--fresh":
                    options.Fresh = true;
                    break;
                case "--booking-shards":
                    options.BookingShards = Int(arg, Value(), min: 1, max: 64);
                    break;
                case "--gateway-port":
                    options.GatewayPort = Int(arg, Value(), min: 0, max: 65535);
                    break;
                case "--dashboard-port":
                    options.DashboardPort = Int(arg, Value(), min: 1, max: 65535);
                    break;
                case "--replicas":
                    options.AddReplicas(Value());
                    break;
                case "--env":
                    options.AddEnvironment(Value());
                    break;
                case "--help" or "-h":
                    options.ShowHelp = true;
                    break;
                default:
                    options._aspireArgs.Add(args[i]);
                    break;
            }
        }

        return options;
    }

    private void AddReplicas(string spec)
    {
        const int Max = 16;
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            _allReplicas = Int("--replicas", spec, min: 1, max: Max);
            return;
        }

        if (equals == 0)
        {
            throw new ArgumentException($"--replicas expects N or PROJECT=N, got '{spec}'.");
        }

        _replicas[spec[..equals]] = Int("--replicas", spec[(equals + 1)..], min: 1, max: Max);
    }

    private void AddEnvironment(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (colon <= 0 || equals <= colon + 1)
        {
            throw new ArgumentException($"--env expects PROJECT:KEY=VALUE, got '{spec}'.");
        }

        var project = spec[..colon];
        if (!_projectEnvironment.TryGetValue(project, out var env))
        {
            _projectEnvironment[project] = env = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        env[spec[(colon + 1)..equals]] = spec[(equals + 1)..];
    }

    private static int Int(string option, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{option} expects a number from {min} to {max}, got '{value}'.");

    /// <summary><c>.evently/</c> next to Evently.sln (found from AppHost's build output, else the current folder).</summary>
    private static string DefaultStateDirectory()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Evently.sln")))
                {
                    return Path.Combine(dir.FullName, ".evently");
                }
            }
        }

        return Path.Combine(Environment.CurrentDirectory, ".evently");
    }
}
