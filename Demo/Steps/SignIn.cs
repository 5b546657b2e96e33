using System.Security.Cryptography;
using Evently.Client;
using Evently.Client.Models;

namespace Evently.Demo.Steps;

/// <summary>The cast: the admin, three people with their own accounts, and the event they all want.</summary>
public static class SignIn
{
    public static async Task<(EventlyApiClient Value, string Result)> AdminAsync(GatewayClients clients, AdminLogin login)
    {
        var answer = await clients.Anonymous().Api.V1.Auth.Login.PostAsync(new LoginRequest { Email = login.Email, Password = login.Password });
        StepFailedException.Unless(answer?.Token is { Length: > 0 }, "the login answered without a token");
        StepFailedException.Unless(answer!.User?.Roles?.Contains("admin") == true || answer.User?.Role == "admin",
            $"{login.Email} signed in but is not an admin");
        return (clients.As(answer.Token!), $"{login.Email} (password from {login.Source})");
    }

    public static async Task<(IReadOnlyList<DemoUser> Value, string Result)> UsersAsync(GatewayClients clients)
    {
        var users = new List<DemoUser>();
        // A new run, new people: the demo can run again and again against the same system.
        var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        foreach (var name in new[] { "Alice", "Bob", "Carol" })
        {
            var email = $"{name.ToLowerInvariant()}-{run}@demo.evently";
            var answer = await clients.Anonymous().Api.V1.Auth.Register.PostAsync(new RegisterRequest
            {
                Email = email,
                Password = "Demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
                Name = name,
            });
            StepFailedException.Unless(answer?.Token is { Length: > 0 }, $"registering {email} answered without a token");
            users.Add(new DemoUser(name, email, clients.As(answer!.Token!)));
        }

        return (users, string.Join(", ", users.Select(u => u.Email)));
    }

    public static async Task<(EventResponse Value, string Result)> CreateEventAsync(EventlyApiClient admin, int capacity)
    {
        var starts = DateTimeOffset.UtcNow.Date.AddDays(30).AddHours(19);
        var created = await admin.Api.V1.Events.PostAsync(new EventInput
        {
            Name = $"Evently demo {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}",
            Description = "Created by ./evently demo",
            Venue = "Demo Hall",
            StartsAt = starts,
            EndsAt = starts.AddHours(3),
            TotalCapacity = capacity,
            Price = 49.99,
            Currency = "USD",
        });
        StepFailedException.Unless(created?.Id is not null, "the event was created without an id");
        StepFailedException.Unless(created!.TotalCapacity == capacity && created.AvailableSeats == capacity,
            $"expected {capacity} seats, got total {created.TotalCapacity}, available {created.AvailableSeats}");
        return (created, $"\"{created.Name}\" with {capacity} seats ({created.Id})");
    }
}
