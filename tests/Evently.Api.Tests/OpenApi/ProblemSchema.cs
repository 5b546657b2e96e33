using System.Text.Json;
using System.Text.Json.Nodes;

namespace Evently.Api.Tests.OpenApi;

/// <summary>
/// Checks a real answer's body against the document's own schema for it (the shared ApiProblem component): every
/// required property present, every described property of the described JSON type. Enough JSON Schema for flat
/// objects such as a problem.
/// </summary>
public static class ProblemSchema
{
    public static IReadOnlyList<string> Violations(JsonObject schema, JsonElement body)
    {
        var violations = new List<string>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return [$"the body is a {body.ValueKind}, not an object"];
        }

        foreach (var name in schema["required"]?.AsArray().Select(n => n!.GetValue<string>()) ?? [])
        {
            if (!body.TryGetProperty(name, out _))
            {
                violations.Add($"required \"{name}\" is missing");
            }
        }

        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            if (body.TryGetProperty(name, out var value) && !TypeMatches(property!.AsObject(), value))
            {
                violations.Add($"\"{name}\" is {value.ValueKind}, the schema says {ServedDocument.Show(property!["type"])}");
            }
        }

        return violations;
    }

    private static bool TypeMatches(JsonObject property, JsonElement value)
    {
        var types = property["type"] switch
        {
            JsonArray many => many.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue one => [one.GetValue<string>()],
            _ => null,
        };
        if (types is null)
        {
            return true;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => types.Contains("string"),
            JsonValueKind.Number => types.Contains("number") || (types.Contains("integer") && value.TryGetInt64(out _)),
            JsonValueKind.True or JsonValueKind.False => types.Contains("boolean"),
            JsonValueKind.Object => types.Contains("object"),
            JsonValueKind.Array => types.Contains("array"),
            JsonValueKind.Null => types.Contains("null"),
            _ => false,
        };
    }
}
