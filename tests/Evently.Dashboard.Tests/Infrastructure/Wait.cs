namespace Evently.Dashboard.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or the deadline passes (never a fixed sleep).</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }
}
