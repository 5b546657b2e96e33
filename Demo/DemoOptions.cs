using System.Globalization;

namespace Evently.Demo;

/// <summary>
/// The command line: <c>--gateway URL</c> as a user would give it, and the load tests' durations. The defaults are the
/// seed's: 100 users for 30 s on the events listing, then 1,000 users for 60 s on bookings.
/// </summary>
public sealed record DemoOptions
{
    public const string Usage =
        """
        Usage: ./evently demo [--gateway URL] [--load-users N,N] [--load-duration SECONDS]
          --gateway URL            the gateway (default http://127.0.0.1:8080)
          --load-users N,N         users of the two load tests (default 100,1000)
          --load-duration SECONDS  length of each load test (default the seed's: 30 s, then 60 s)
        Admin login: EVENTLY_ADMIN_EMAIL / EVENTLY_ADMIN_PASSWORD, else what ./evently up keeps in .evently/secrets.json.
        """;

    public Uri Gateway { get; init; } = new("http://127.0.0.1:8080/");

    public IReadOnlyList<int> LoadUsers { get; init; } = [100, 1000];

    /// <summary>Null: the seed's durations (30 s for the first test, 60 s for the second).</summary>
    public int? LoadDurationSeconds { get; init; }

    /// <returns>The options, or the error to print with <see cref="Usage"/>.</returns>
    public static (DemoOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new DemoOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--gateway" when value is not null:
                    if (!Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var gateway) || gateway.Scheme is not ("http" or "https"))
                    {
                        return (null, $"--gateway: not an http(s) URL: {value}");
                    }

                    options = options with { Gateway = gateway };
                    break;
                case "--load-users" when value is not null:
                    var users = value.Split(',').Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).ToList();
                    if (users.Count == 0 || users.Any(n => n is < 1 or > 10_000))
                    {
                        return (null, $"--load-users: whole numbers from 1 to 10000, comma-separated: {value}");
                    }

                    options = options with { LoadUsers = users };
                    break;
                case "--load-duration" when value is not null:
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 300)
                    {
                        return (null, $"--load-duration: seconds from 1 to 300: {value}");
                    }

                    options = options with { LoadDurationSeconds = seconds };
                    break;
                case "-h" or "--help":
                    return (null, "");
                default:
                    return (null, $"Unknown or incomplete option: {args[i]}");
            }

            i++;
        }

        return (options, null);
    }

    /// <summary>The seed runs its first load test for 30 s and its second for 60 s.</summary>
    public int DurationOf(int index) => LoadDurationSeconds ?? (index == 0 ? 30 : 60);
}
