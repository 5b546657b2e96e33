using System.Globalization;
using System.Text;
using Evently.Dashboard.Otlp.Proto.Common;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace Evently.Dashboard.Otlp;

/// <summary>Turns OTLP wire values into the text the dashboard shows.</summary>
internal static class OtlpValues
{
    public const string ServiceNameKey = "service.name";

    public static DateTime Time(ulong unixNanos) =>
        unixNanos == 0 ? default : DateTime.UnixEpoch.AddTicks((long)(unixNanos / 100));

    /// <summary>Lowercase hex, the form W3C trace context and every OTel UI uses; null for empty ids.</summary>
    public static string? Id(ByteString id) => id.IsEmpty ? null : Convert.ToHexStringLower(id.Span);

    public static string ServiceName(RepeatedField<KeyValue>? resourceAttributes)
    {
        if (resourceAttributes is not null)
        {
            foreach (var kv in resourceAttributes)
            {
                if (kv.Key == ServiceNameKey && kv.Value is { ValueCase: AnyValue.ValueOneofCase.StringValue } v)
                {
                    return v.StringValue;
                }
            }
        }

        return "unknown_service";
    }

    public static List<KeyValuePair<string, string>> Attributes(RepeatedField<KeyValue> attributes, int maxLength)
    {
        var list = new List<KeyValuePair<string, string>>(attributes.Count);
        foreach (var kv in attributes)
        {
            list.Add(KeyValuePair.Create(kv.Key, Truncate(Text(kv.Value), maxLength)));
        }

        return list;
    }

    public static string Truncate(string value, int maxLength) =>
        value.Length <= maxLength ? value : string.Concat(value.AsSpan(0, maxLength), "…");

    public static string Text(AnyValue? value)
    {
        if (value is null)
        {
            return "";
        }

        return value.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValue => value.StringValue,
            AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
            AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
            AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
            AnyValue.ValueOneofCase.KvlistValue => KeyValues(value.KvlistValue.Values),
            _ => "",
        };
    }

    /// <summary>Canonical text of an attribute set ("a=1, b=x", sorted by key) that identifies a metric dimension.</summary>
    public static string Dimensions(RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder();
        foreach (var kv in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            sb.Append(kv.Key).Append('=').Append(Text(kv.Value));
        }

        return sb.ToString();
    }

    private static string KeyValues(RepeatedField<KeyValue> values) =>
        "{" + string.Join(", ", values.Select(kv => kv.Key + ": " + Text(kv.Value))) + "}";
}
