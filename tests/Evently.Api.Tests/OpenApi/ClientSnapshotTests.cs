using Evently.ClientGen;

namespace Evently.Api.Tests.OpenApi;

/// <summary>
/// The generated client (Client/) keeps up with the API: its snapshot is the document the gateway serves, and its code
/// is exactly what Kiota makes of that snapshot, so an API change without `./evently client`, or a hand edit of the
/// generated code, fails here.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ClientSnapshotTests(ApiFixture fixture)
{
    private const string Regenerate = "Run ./evently client (with the system up: ./evently up) and commit Client/.";

    [Fact]
    public async Task The_committed_snapshot_is_the_served_document()
    {
        var served = OpenApiSnapshot.Normalise((await ServedDocument.FetchAsync(fixture.System)).Json);
        var committed = await File.ReadAllTextAsync(Path.Combine(ClientFolder(), Kiota.SnapshotFile));

        Assert.True(served == committed,
            $"Client/openapi.json is not the document the gateway serves. {Regenerate}\n{FirstDifference(committed, served)}");
    }

    [Fact]
    public async Task The_generated_code_is_what_Kiota_makes_of_the_snapshot()
    {
        var scratch = Directory.CreateTempSubdirectory("evently-client-");
        try
        {
            // A folder laid out like Client/: Kiota records the description's path relative to its output.
            File.Copy(Path.Combine(ClientFolder(), Kiota.SnapshotFile), Path.Combine(scratch.FullName, Kiota.SnapshotFile));
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var (exitCode, output) = await Kiota.GenerateAsync(scratch.FullName, GatewayRoute.RepositoryRoot(), timeout.Token);
            Assert.True(exitCode == 0, $"Kiota failed ({exitCode}; ./evently test runs dotnet tool restore first):\n{output}");

            var expected = Files(Path.Combine(scratch.FullName, Kiota.GeneratedFolder));
            var committed = Files(Path.Combine(ClientFolder(), Kiota.GeneratedFolder));
            var missing = expected.Keys.Except(committed.Keys).ToList();
            var extra = committed.Keys.Except(expected.Keys).ToList();
            var changed = expected.Keys.Intersect(committed.Keys).Where(f => expected[f] != committed[f]).ToList();
            Assert.True(missing.Count + extra.Count + changed.Count == 0,
                $"Client/Generated/ is not Kiota's output for Client/openapi.json (never edit it by hand). {Regenerate}\n" +
                $"missing: {string.Join(", ", missing)}\nnot generated: {string.Join(", ", extra)}\nchanged: {string.Join(", ", changed)}");
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static string ClientFolder() => Path.Combine(GatewayRoute.RepositoryRoot(), Kiota.ClientFolder);

    /// <summary>Every file under a folder by its relative path, with its text (line endings as written).</summary>
    private static Dictionary<string, string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);

    private static string FirstDifference(string expected, string actual)
    {
        var (a, b) = (expected.Split('\n'), actual.Split('\n'));
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var (left, right) = (i < a.Length ? a[i] : "(end)", i < b.Length ? b[i] : "(end)");
            if (left != right)
            {
                return $"first difference at line {i + 1}:\n  committed: {left.Trim()}\n  served:    {right.Trim()}";
            }
        }

        return "";
    }
}
