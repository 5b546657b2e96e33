using Evently.ClientGen;

// ./evently client [--gateway URL]: snapshot the running gateway's document, then regenerate the client from it.
var gateway = new Uri("http://127.0.0.1:8080/");
var root = Directory.GetCurrentDirectory();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--gateway" when i + 1 < args.Length && Uri.TryCreate(args[i + 1].TrimEnd('/') + "/", UriKind.Absolute, out var url):
            gateway = url;
            i++;
            break;
        case "--root" when i + 1 < args.Length:
            root = Path.GetFullPath(args[++i]);
            break;
        default:
            Console.Error.WriteLine("Usage: Evently.ClientGen [--gateway URL] [--root REPOSITORY]");
            return 2;
    }
}

string document;
try
{
    document = await OpenApiSnapshot.FetchAsync(gateway, CancellationToken.None);
}
catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidDataException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"Could not read the API description from {gateway}: {e.Message}");
    Console.Error.WriteLine("Is the system running (./evently up)? --gateway URL names another gateway.");
    return 3;
}

var folder = Path.Combine(root, Kiota.ClientFolder);
var snapshot = Path.Combine(folder, Kiota.SnapshotFile);
var changed = !File.Exists(snapshot) || await File.ReadAllTextAsync(snapshot) != document;
await File.WriteAllTextAsync(snapshot, document);
Console.WriteLine(changed ? $"{Kiota.ClientFolder}/{Kiota.SnapshotFile}: updated from {gateway}" : $"{Kiota.ClientFolder}/{Kiota.SnapshotFile}: unchanged");

var (exitCode, output) = await Kiota.GenerateAsync(folder, root, CancellationToken.None);
if (output.Length > 0)
{
    Console.WriteLine(output);
}

if (exitCode != 0)
{
    Console.Error.WriteLine($"Kiota failed (exit code {exitCode}).");
    return 1;
}

Console.WriteLine($"{Kiota.ClientFolder}/{Kiota.GeneratedFolder}: regenerated");
return 0;
