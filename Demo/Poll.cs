namespace Evently.Demo;

/// <summary>
/// Waits for an answer that arrives by message (a seat count, a waitlist promotion, a load test's end) by asking again
/// until it shows, with a deadline: the demo waits on what it expects, never for a fixed time.
/// </summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var interval = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(interval);
            // Short at first (most answers take milliseconds), then no more than a few requests a second.
            interval = TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds * 2, 1000));
        }
    }
}
