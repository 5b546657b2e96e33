using System.Net;
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
        var services = await Task.WhenAll(Destinations().Select(d => ReadServiceAsync(d, ct)));
        return [new DocumentPart(GatewaySource, gateway, Proxied: false), .. services];
    }

    /// <summary>One destination per cluster (replicas of a service describe the same routes), asked in the cluster's HTTP version.</summary>
    private IEnumerable<Destination> Destinations() =>
        proxy.GetConfig().Clusters
            .Select(c => (Cluster: c, Address: c.Destinations?.Values.Select(d => d.Address).FirstOrDefault()))
            .Where(c => c.Address is not null)
            .Select(c => new Destination(c.Cluster.ClusterId, c.Address!, c.Cluster.HttpRequest?.Version, c.Cluster.HttpRequest?.VersionPolicy));

    private async Task<DocumentPart> ReadServiceAsync(Destination destination, CancellationToken ct)
    {
        // An HTTP/2-only destination (h2c) answers an HTTP/1.1 request with 400: ask as the proxy does.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(destination.Address), OpenApiRegistration.DocumentPath))
        {
            Version = destination.Version ?? HttpVersion.Version11,
            VersionPolicy = destination.VersionPolicy ?? HttpVersionPolicy.RequestVersionOrLower,
        };
        using var client = clients.CreateClient(ClientName);
        using var response = await client.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadAsStringAsync(ct);
        return new DocumentPart(destination.Cluster, OpenApiJson.Read(json, $"the {destination.Cluster} service"), Proxied: true);
    }

    private sealed record Destination(string Cluster, string Address, Version? Version, HttpVersionPolicy? VersionPolicy);
}
