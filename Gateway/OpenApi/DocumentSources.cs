using Evently.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.OpenApi;
using Yarp.ReverseProxy.Configuration;

namespace Evently.Gateway.OpenApi;

/// <summary>
/// Where the parts of the public document come from: the gateway's own routes (generated in this process), and each
/// service's <c>/openapi/v1.json</c> at the destinations of YARP's clusters, resolved by service discovery exactly as
/// the proxy resolves them. A service added to the proxy's configuration is in the document without more wiring.
/// </summary>
public sealed class DocumentSources(
    IProxyConfigProvider proxy,
    IHttpClientFactory clients,
    [FromKeyedServices(OpenApiRegistration.DocumentName)] IOpenApiDocumentProvider own)
{
    public const string ClientName = "openapi-parts";
    public const string GatewaySource = "gateway";

    public async Task<IReadOnlyList<DocumentPart>> ReadAllAsync(CancellationToken ct)
    {
        // The in-process document goes through JSON like the others, so every part is a parsed document with its
        // references registered the same way.
        var gateway = OpenApiJson.Read(OpenApiJson.Write(await own.GetOpenApiDocumentAsync(ct)), GatewaySource);
        var services = await Task.WhenAll(Destinations().Select(d => ReadServiceAsync(d.Cluster, d.Address, ct)));
        return [new DocumentPart(GatewaySource, gateway, Proxied: false), .. services];
    }

    /// <summary>One destination per cluster: replicas of a service describe the same routes.</summary>
    private IEnumerable<(string Cluster, string Address)> Destinations() =>
        proxy.GetConfig().Clusters
            .Select(c => (c.ClusterId, Address: c.Destinations?.Values.Select(d => d.Address).FirstOrDefault()))
            .Where(c => c.Address is not null)
            .Select(c => (c.ClusterId, c.Address!));

    private async Task<DocumentPart> ReadServiceAsync(string cluster, string address, CancellationToken ct)
    {
        var url = new Uri(new Uri(address), OpenApiRegistration.DocumentPath);
        using var client = clients.CreateClient(ClientName);
        var json = await client.GetStringAsync(url, ct);
        return new DocumentPart(cluster, OpenApiJson.Read(json, $"the {cluster} service"), Proxied: true);
    }
}
