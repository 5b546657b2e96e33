using Evently.Deploy;

// Evently.Deploy: deployment artefacts generated from the AppHost's model (Aspire's manifest).
//   Evently.Deploy k8s --manifest aspire-manifest.json --output DIR [--image-registry REG] [--image-tag TAG] [--parameter NAME=VALUE]...
try
{
    return Cli.Run(args);
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or FileNotFoundException or InvalidDataException)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
