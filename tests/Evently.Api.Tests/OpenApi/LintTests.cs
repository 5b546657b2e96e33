using System.Diagnostics;
using System.Text.Json;

namespace Evently.Api.Tests.OpenApi;

/// <summary>
/// The served document through a real linter: Spectral's OpenAPI rules (the repository's .spectral.yaml), from
/// tools/openapi-lint, which ./evently test installs with npm ci. Any error fails; warnings do not.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LintTests(ApiFixture fixture)
{
    private const int ErrorSeverity = 0;

    [Fact]
    public async Task The_document_lints_without_errors()
    {
        var root = GatewayRoute.RepositoryRoot();
        var spectral = Path.Combine(root, "tools", "openapi-lint", "node_modules", ".bin", "spectral");
        Assert.True(File.Exists(spectral), $"{spectral} is missing: ./evently test installs it (npm ci in tools/openapi-lint).");
        var document = await ServedDocument.FetchAsync(fixture.System);
        var file = Path.Combine(Path.GetTempPath(), $"evently-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document.Json);
        try
        {
            var (exitCode, output, errors) = await RunAsync(spectral,
                ["lint", file, "--ruleset", Path.Combine(root, ".spectral.yaml"), "--format", "json", "--fail-severity", "error", "--quiet"]);

            var results = output.TrimStart().StartsWith('[') ? JsonSerializer.Deserialize<JsonElement[]>(output)! : [];
            var found = results.Where(r => r.GetProperty("severity").GetInt32() == ErrorSeverity)
                .Select(r => $"{r.GetProperty("code")}: {r.GetProperty("message")} at {r.GetProperty("path")}").ToList();
            Assert.True(exitCode == 0 && found.Count == 0,
                $"spectral exit {exitCode}, {found.Count} errors:\n{string.Join("\n", found)}\n{errors}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
