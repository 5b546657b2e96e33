using System.Diagnostics;
using System.Diagnostics.Metrics;
using Evently.ServiceDefaults;

namespace Evently.WebhooksService.Deliveries;

/// <summary>The service's traces and metrics; the <c>Evently.</c> prefix puts them in the OpenTelemetry pipeline (ServiceDefaults).</summary>
public static class WebhookTelemetry
{
    public const string Name = Extensions.TelemetrySourcePrefix + "Webhooks";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Queued = Meter.CreateCounter<long>("evently.webhooks.queued", "{delivery}",
        "Delivery rows written for consumed events (one per subscribed endpoint).");

    /// <summary>Tagged <c>outcome</c> = succeeded | failed and <c>event_type</c>.</summary>
    public static readonly Counter<long> Attempts = Meter.CreateCounter<long>("evently.webhooks.attempts", "{attempt}",
        "HTTP delivery attempts by outcome.");

    public static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("evently.webhooks.attempt.duration", "ms",
        "Time from sending a webhook to reading its answer.");

    public static readonly Counter<long> GivenUp = Meter.CreateCounter<long>("evently.webhooks.given_up", "{delivery}",
        "Deliveries that failed every retry.");

    public static readonly Counter<long> AutoDisabled = Meter.CreateCounter<long>("evently.webhooks.endpoints_auto_disabled", "{endpoint}",
        "Endpoints disabled after sustained failure.");
}
