namespace Evently.BookingService.WaitingRoom;

public static class WaitingRoomRegistration
{
    public static WebApplicationBuilder AddWaitingRoom(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WaitingRoomOptions>(builder.Configuration.GetSection(WaitingRoomOptions.SectionName));
        builder.Services.AddHybridCache();
        builder.Services.AddSingleton<WaitingRoomStore>();
        builder.Services.AddSingleton<WaitingRoomFlags>();
        builder.Services.AddSingleton<QueuePasses>();
        builder.Services.AddHostedService<QueueAdmitter>();
        return builder;
    }
}
