using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.Hosting.Supervision;

public static class SupervisionExtensions
{
    /// <summary>Restarts any service or server that exits unexpectedly, with back-off (see <see cref="ResourceSupervisor"/>).</summary>
    public static IDistributedApplicationBuilder AddResourceSupervision(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsPublishMode)
        {
            builder.Services.AddHostedService<ResourceSupervisor>();
        }

        return builder;
    }
}
