namespace Evently.BookingService.Strategies;

public static class StrategyNames
{
    public const string Atomic = "atomic";
    public const string RowLock = "row-lock";
    public const string Optimistic = "optimistic";
    public const string RedisLock = "redis-lock";

    public static readonly string[] All = [Atomic, RowLock, Optimistic, RedisLock];
}
