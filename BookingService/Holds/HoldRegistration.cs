namespace Evently.BookingService.Holds;

public static class HoldRegistration
{
    public static WebApplicationBuilder AddCheckoutHolds(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<HoldOptions>(builder.Configuration.GetSection(HoldOptions.SectionName));
        builder.Services.AddSingleton<CreateHold>();
        builder.Services.AddSingleton<ConfirmHold>();
        builder.Services.AddSingleton<ReleaseHold>();
        builder.Services.AddSingleton<HoldRelease>();
        builder.Services.AddHostedService<ExpiredHoldSweep>();
        return builder;
    }
}
