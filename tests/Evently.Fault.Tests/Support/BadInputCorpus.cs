using System.Text;
using System.Text.Json.Nodes;

namespace Evently.Fault.Tests;

/// <summary>One hostile request: who sends it, where, with what body.</summary>
internal sealed record BadRequest(string Name, HttpMethod Method, string Path, string? Token, string? Body, string ContentType = "application/json");

/// <summary>
/// Generates hostile inputs from a few valid-looking templates: malformed JSON, each field with wrong types, hostile
/// strings and extreme numbers, required fields missing, extra privileged fields. Every request it yields is invalid
/// (so none may be accepted): templates carry at least one field that makes them fail even when the mutated one is fine.
/// </summary>
internal static class BadInputCorpus
{
    public static readonly string[] MalformedJson =
    [
        "", "{", "}", "{\"event_id\":", "not json", "[]", "[1,2]", "null", "\"text\"", "42", "{\"a\":1}}", "{'single':'quotes'}",
        "{\"event_id\":\"x\",}", "{\"quantity\":1 /* comment */}", "\u0000", "{\"quantity\":NaN}", "{\"quantity\":Infinity}",
        "{\"quantity\":01}", "{\"a\":\"\\ud800\"}", "\uFEFF{}", new string('[', 5000) + new string(']', 5000),
    ];

    public static readonly JsonNode?[] WrongTypes =
    [
        JsonValue.Create(123), JsonValue.Create("string"), JsonValue.Create(true), new JsonArray(), new JsonObject(),
        null, JsonValue.Create(1.5), new JsonObject { ["nested"] = new JsonArray(1, 2) },
    ];

    public static readonly JsonNode?[] ExtremeNumbers =
    [
        JsonValue.Create(-1), JsonValue.Create(0), JsonValue.Create(-2147483648L), JsonValue.Create(2147483648L), JsonValue.Create(long.MaxValue),
        JsonValue.Create(1e308), JsonValue.Create(-0.5), JsonNode.Parse("99999999999999999999999999999999"), JsonNode.Parse("1e400"),
    ];

    public static readonly string[] HostileStrings =
    [
        "' OR 1=1; DROP TABLE bookings; --", "\"; DELETE FROM events; --", "1; SELECT pg_sleep(10)", "<script>alert(1)</script>",
        "${jndi:ldap://x/y}", "../../../../etc/passwd", "%00", "\u0000", "\u202E\u0645\u0631\u062D\u0628\u0627", "\u200B\u200C\u200D\uFEFF",
        "😀🎉👩‍👩‍👧‍👦", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇", "\ud800", "\udfff\ud800", new string('x', 20_000), string.Concat(Enumerable.Repeat("é😀", 3_000)),
        "00000000-0000-0000-0000-000000000000", "not-a-uuid", "",
    ];

    /// <summary>Bodies for a JSON template: malformed text, then each field mutated (wrong types, hostile strings, numbers), missing, and extra.</summary>
    /// <param name="template">A body that is invalid as a whole.</param>
    /// <param name="required">Fields whose absence alone makes the body invalid.</param>
    public static IEnumerable<(string Name, string Body)> Bodies(JsonObject template, params string[] required)
    {
        foreach (var text in MalformedJson)
        {
            yield return ($"malformed {Short(text)}", text);
        }

        foreach (var field in template.Select(p => p.Key).ToList())
        {
            foreach (var value in WrongTypes.Concat(ExtremeNumbers).Concat(HostileStrings.Select(s => (JsonNode?)JsonValue.Create(s))))
            {
                var body = (JsonObject)template.DeepClone();
                body[field] = value?.DeepClone();
                yield return ($"{field}={Short(value?.ToJsonString() ?? "null")}", body.ToJsonString());
            }
        }

        foreach (var field in required)
        {
            var body = (JsonObject)template.DeepClone();
            body.Remove(field);
            yield return ($"missing {field}", body.ToJsonString());
        }

        var extra = (JsonObject)template.DeepClone();
        extra["role"] = "admin";
        extra["is_admin"] = true;
        extra["user_id"] = Guid.NewGuid().ToString();
        extra["id"] = Guid.NewGuid().ToString();
        extra["status"] = "confirmed";
        yield return ("extra privileged fields", extra.ToJsonString());
        yield return ("empty object", "{}");
    }

    /// <summary>A body just over the gateway's limit (64 KiB), as valid JSON so only its size is wrong.</summary>
    public static string Huge(int bytes = 70_000) => new JsonObject { ["padding"] = new string('a', bytes) }.ToJsonString();

    public static IEnumerable<string> HostileIds() =>
    [
        "not-a-uuid", "123", "-1", "0", "' OR 1=1 --", "%3Cscript%3E", Uri.EscapeDataString("\u202E😀"), new string('9', 2_000),
        "00000000-0000-0000-0000-000000000000", Guid.NewGuid().ToString(), Guid.NewGuid().ToString("N") + "00",
    ];

    public static IEnumerable<string> HostileQueries() =>
    [
        "page=-1", "page=0", "page=99999999999999999999", "page=abc", "page_size=0", "page_size=100000", "page_size=-5",
        "from=yesterday", "to=2030-13-45", "from=2030-01-01&to=2020-01-01", "q=" + Uri.EscapeDataString(new string('q', 5_000)),
        "event_id=not-a-uuid", "user_id=' OR 1=1 --", "event_id=" + Uri.EscapeDataString("<script>"),
    ];

    private static string Short(string text)
    {
        var oneLine = text.Replace("\n", " ", StringComparison.Ordinal);
        return oneLine.Length <= 40 ? oneLine : $"{oneLine[..40]}…({Encoding.UTF8.GetByteCount(text)} bytes)";
    }
}
