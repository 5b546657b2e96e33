namespace Evently.BookingService.LiveSeats;

public static class LiveSeatsRegistration
{
    /// <summary>Publishes live seat counts when Redis (<c>ConnectionStrings:cache</c>) is configured and the feature is on.</summary>
    public static WebApplicationBuilder AddLiveSeats(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(LiveSeatsOptions.SectionName);
        builder.Services.Configure<LiveSeatsOptions>(section);
        if (builder.Configuration.GetConnectionString("cache") is not null && section.GetValue(nameof(LiveSeatsOptions.Enabled), true))
        {
            builder.Services.AddHostedService<LiveSeatsPublisher>();
        }

        return builder;
    }
}
