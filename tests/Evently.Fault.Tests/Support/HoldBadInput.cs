using System.Text.Json.Nodes;

namespace Evently.Fault.Tests;

/// <summary>The checkout-hold routes' share of the hostile-request corpus.</summary>
internal static class HoldBadInput
{
    public static IEnumerable<BadRequest> Corpus(string holdId, string owner, string intruder)
    {
        var hold = new JsonObject { ["event_id"] = Guid.NewGuid().ToString(), ["quantity"] = 0 };
        foreach (var (name, body) in BadInputCorpus.Bodies(hold, "event_id", "quantity"))
        {
            yield return new($"hold {name}", HttpMethod.Post, "api/v1/holds", owner, body);
        }

        yield return new("hold text/plain body", HttpMethod.Post, "api/v1/holds", owner, "{\"event_id\":1}", "text/plain");
        yield return new("hold huge body", HttpMethod.Post, "api/v1/holds", owner, BadInputCorpus.Huge());
        foreach (var id in BadInputCorpus.HostileIds())
        {
            yield return new($"hold {id}", HttpMethod.Get, $"api/v1/holds/{id}", owner, null);
            yield return new($"confirm hold {id}", HttpMethod.Post, $"api/v1/holds/{id}/confirm", owner, null);
            yield return new($"release hold {id}", HttpMethod.Delete, $"api/v1/holds/{id}", owner, null);
        }

        // Someone else's hold, and no token at all.
        yield return new("intruder reads a hold", HttpMethod.Get, $"api/v1/holds/{holdId}", intruder, null);
        yield return new("intruder confirms a hold", HttpMethod.Post, $"api/v1/holds/{holdId}/confirm", intruder, null);
        yield return new("intruder releases a hold", HttpMethod.Delete, $"api/v1/holds/{holdId}", intruder, null);
        yield return new("hold without a token", HttpMethod.Post, "api/v1/holds", null, "{\"event_id\":\"" + Guid.NewGuid() + "\",\"quantity\":1}");
        yield return new("confirm without a token", HttpMethod.Post, $"api/v1/holds/{holdId}/confirm", null, null);
    }
}
