namespace Evently.Hosting.Processes;

/// <summary>What to run for a resource: the program, its arguments, its environment and the system user to run as.</summary>
internal sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string? WorkingDirectory { get; init; }

    /// <summary>System user (postgres, rabbitmq) the program runs as; null keeps the AppHost's user.</summary>
    public string? User { get; init; }

    /// <summary>CPU niceness for the process's session (0: normal).</summary>
    public int Nice { get; init; }

    public string CommandLine => string.Join(' ', Arguments.Prepend(FileName).Select(Quote));

    private static string Quote(string arg) => arg.Length == 0 || arg.Contains(' ') ? $"'{arg}'" : arg;
}
