namespace Evently.EventsService.LiveSeats;

public static class LiveSeatsRegistration
{
    /// <summary>The live seat overlay; needs the shared Redis multiplexer (<c>AddEventlyRedisClient("cache")</c>).</summary>
    public static WebApplicationBuilder AddLiveSeatsOverlay(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("LiveSeats");
        builder.Services.AddSingleton(new LiveSeatsSettings(
            section.GetValue("Enabled", true),
            TimeSpan.FromMilliseconds(Math.Clamp(section.GetValue("TimeoutMs", 200), 1, 5000))));
        builder.Services.AddSingleton<LiveSeatsOverlay>();
        return builder;
    }
}
