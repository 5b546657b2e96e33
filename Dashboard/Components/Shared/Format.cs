using System.Globalization;

namespace Evently.Dashboard.Components.Shared;

internal static class Format
{
    public static string Duration(TimeSpan d) => d.TotalMilliseconds switch
    {
        < 1 => (d.TotalMilliseconds * 1000).ToString("0", CultureInfo.InvariantCulture) + " µs",
        < 1000 => d.TotalMilliseconds.ToString("0.##", CultureInfo.InvariantCulture) + " ms",
        _ => d.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s",
    };

    public static string Time(DateTime utc) => utc == default ? "" : utc.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? t) => t is null ? "" : t.Value.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    public static string FullTime(DateTimeOffset? t) => t is null ? "" : t.Value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    public static string Number(double v) => Math.Abs(v) >= 1000 || v == Math.Floor(v)
        ? v.ToString("#,0.##", CultureInfo.InvariantCulture)
        : v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A stable colour per service, so a service looks the same on every page.</summary>
    public static string ServiceColor(string service)
    {
        string[] palette = ["#0f6cbd", "#00a5af", "#107c10", "#8764b8", "#ca5010", "#038387", "#986f0b", "#e3008c", "#4f6bed", "#498205"];
        var hash = 0u;
        foreach (var c in service)
        {
            hash = (hash * 31) + c;
        }

        return palette[hash % (uint)palette.Length];
    }
}
