using Evently.Deploy.Kustomize;
using Evently.Deploy.Model;

namespace Evently.Deploy;

public static class Cli
{
    public const string Usage = """
        Usage: Evently.Deploy k8s --manifest FILE --output DIR [options]

          --manifest FILE          Aspire's manifest of the AppHost (--publisher manifest)
          --output DIR             where the kustomize tree goes (its secrets/*.env files are kept across runs)
          --image-registry REG     registry the services' images are pulled from (default: none, images loaded on the nodes)
          --image-tag TAG          tag of the services' images (default: latest)
          --parameter NAME=VALUE   value of an AppHost parameter, instead of a generated or default one (repeatable)
        """;

    public static int Run(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != "k8s")
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        string? manifest = null, output = null, registry = null, tag = "latest";
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--manifest": manifest = Value(); break;
                case "--output": output = Value(); break;
                case "--image-registry": registry = Value(); break;
                case "--image-tag": tag = Value(); break;
                case "--parameter":
                    var pair = Value().Split('=', 2);
                    parameters[pair[0]] = pair.Length == 2 ? pair[1] : throw new ArgumentException("--parameter expects NAME=VALUE.");
                    break;
                default: throw new ArgumentException($"Unknown option {args[i]}.\n\n{Usage}");
            }
        }

        var model = ManifestReader.Read(manifest ?? throw new ArgumentException($"--manifest is required.\n\n{Usage}"));
        output = Path.GetFullPath(output ?? throw new ArgumentException($"--output is required.\n\n{Usage}"));
        new KustomizeTree(model, output, new PublishSettings(registry, tag, parameters)).Write();
        Console.WriteLine($"Kubernetes manifests for {model.Projects.Count} services and {model.Servers.Count} servers in {output}");
        Console.WriteLine($"  kubectl apply -k {Path.Combine(output, KustomizeTree.Local)}     servers in the cluster");
        Console.WriteLine($"  kubectl apply -k {Path.Combine(output, KustomizeTree.Managed)}   managed PostgreSQL, Redis, RabbitMQ (edit {Path.Combine(KustomizeTree.Managed, KustomizeTree.ConnectionsFile)} first)");
        return 0;
    }
}
