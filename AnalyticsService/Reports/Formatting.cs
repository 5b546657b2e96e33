using System.Globalization;

namespace Evently.AnalyticsService.Reports;

/// <summary>The seed's human-readable figures ("12ms", "60%", "23MB") next to the raw numbers.</summary>
public static class Formatting
{
    public static string Ms(double ms) => ms switch
    {
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{ms:0.###}ms"),
        < 100 => string.Create(CultureInfo.InvariantCulture, $"{ms:0.#}ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ms:0}ms"),
    };

    /// <param name="ratio">0..1</param>
    public static string Percent(double ratio) => ratio switch
    {
        0 => "0%",
        < 0.001 => string.Create(CultureInfo.InvariantCulture, $"{ratio * 100:0.###}%"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(ratio * 100, 2):0.##}%"),
    };

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#}KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#}MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##}GB"),
    };

    public static double Ratio(double part, double whole) => whole <= 0 ? 0 : part / whole;
}
