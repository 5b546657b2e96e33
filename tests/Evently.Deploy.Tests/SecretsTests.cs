using System.Diagnostics;
using Evently.Deploy.Kustomize;
using k8s.Models;

namespace Evently.Deploy.Tests;

/// <summary>Generated credentials live in the secrets/*.env files only, stay put across publishes, and are never committed.</summary>
[Collection(nameof(PublishedTree))]
public sealed class SecretsTests(PublishedTree tree)
{
    [Fact]
    public void Credentials_are_written_only_to_private_secret_env_files()
    {
        var secretFiles = SecretFiles(tree.Output);
        Assert.Equal(4, secretFiles.Count);
        var values = secretFiles.SelectMany(f => SecretEnvFile.Read(f).Values)
            // The non-secret parameter (the admin e-mail) is in the parameters file too, and may be printed.
            .Where(v => !tree.Model.Parameters.Any(p => !p.Secret && p.Default == v))
            .SelectMany(Fragments).Distinct().ToList();
        Assert.NotEmpty(values);
        foreach (var file in Directory.EnumerateFiles(tree.Output, "*", SearchOption.AllDirectories).Except(secretFiles))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(values, v => text.Contains(v, StringComparison.Ordinal));
        }

        Assert.All(secretFiles, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }

    [Fact]
    public void Rendered_secrets_carry_the_generated_credentials()
    {
        var parameters = Assert.Single(tree.Objects<V1Secret>(KustomizeTree.Local), s => s.Metadata.Name.StartsWith("evently-parameters-", StringComparison.Ordinal));
        var jwt = System.Text.Encoding.UTF8.GetString(parameters.Data["jwt-key"]);
        Assert.True(jwt.Length >= 32, "a JWT signing key of at least 256 bits");
        Assert.Equal(SecretEnvFile.Read(Path.Combine(tree.Output, KustomizeTree.Base, KustomizeTree.ParametersFile))["jwt-key"], jwt);
    }

    [Fact]
    public void Publishing_again_keeps_every_credential()
    {
        var output = Path.Combine(tree.Root, "republished");
        PublishedTree.Publish(tree.Model, output);
        var first = SecretFiles(output).ToDictionary(f => Path.GetRelativePath(output, f), f => File.ReadAllText(f));
        PublishedTree.Publish(tree.Model, output);
        Assert.Equal(first, SecretFiles(output).ToDictionary(f => Path.GetRelativePath(output, f), f => File.ReadAllText(f)));
        // And a different tree gets credentials of its own.
        Assert.NotEqual(File.ReadAllText(Path.Combine(tree.Output, KustomizeTree.Base, KustomizeTree.ParametersFile)),
            first[Path.Combine(KustomizeTree.Base, KustomizeTree.ParametersFile)]);
    }

    [Fact]
    public void The_default_output_folder_is_ignored_by_git()
    {
        var repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(tree.ManifestPath)!, Path.GetDirectoryName(tree.Model.Project("gateway").ProjectPath)!, ".."));
        var info = new ProcessStartInfo("git", ["-C", repo, "check-ignore", "-q", ".evently/k8s/base/secrets/parameters.env"]);
        using var git = Process.Start(info)!;
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
    }

    private static List<string> SecretFiles(string output) =>
        [.. Directory.EnumerateFiles(output, "*.env", SearchOption.AllDirectories).Where(f => f.Contains("/secrets/", StringComparison.Ordinal))];

    /// <summary>A generated password or key (connection strings embed them; look for the generated parts).</summary>
    private static IEnumerable<string> Fragments(string value) =>
        value.Split([';', ',', '=', '@', ':', '/'], StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length >= 24);
}
