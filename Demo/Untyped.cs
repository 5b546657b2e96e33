using System.Globalization;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Evently.Demo;

/// <summary>
/// Reads the parts of an answer the API describes as free-form JSON (live metrics, a load test's figures, the
/// query timings): Kiota hands them over as additional data (a dictionary) or as <see cref="UntypedNode"/>s.
/// </summary>
public static class Untyped
{
    /// <param name="root">A model's additional data, or an untyped value.</param>
    /// <param name="path">Property names, outermost first.</param>
    public static object? Get(object? root, params string[] path)
    {
        var current = root;
        foreach (var key in path)
        {
            current = current switch
            {
                IDictionary<string, object> d => d.TryGetValue(key, out var v) ? v : null,
                UntypedObject o => o.GetValue().TryGetValue(key, out var v) ? v : null,
                _ => null,
            };
        }

        return current;
    }

    public static string Text(object? root, params string[] path) => Show(Get(root, path));

    public static double? Number(object? root, params string[] path) => Get(root, path) switch
    {
        UntypedInteger i => i.GetValue(),
        UntypedLong l => l.GetValue(),
        UntypedDouble d => d.GetValue(),
        UntypedFloat f => f.GetValue(),
        UntypedDecimal m => (double)m.GetValue(),
        int i => i,
        long l => l,
        double d => d,
        float f => f,
        decimal m => (double)m,
        _ => null,
    };

    public static string Show(object? value) => value switch
    {
        null or UntypedNull => "-",
        UntypedString s => s.GetValue() ?? "-",
        UntypedBoolean b => b.GetValue() ? "true" : "false",
        UntypedInteger i => i.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedLong l => l.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedDouble d => d.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedFloat f => f.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedDecimal m => m.GetValue().ToString(CultureInfo.InvariantCulture),
        UntypedObject or UntypedArray or IDictionary<string, object> => "{…}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "-",
    };
}
