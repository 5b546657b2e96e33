namespace Evently.Bench.WaitingRoom;

/// <summary>
/// Admission order against arrival order. Arrival is the order buyers' joins were answered (client clock); admission
/// is the server's <c>admitted_at</c> (buyers let in by the same round share it, and are not ordered against each other).
/// </summary>
public sealed record Fairness(long Pairs, long Inversions, double InversionFraction, double KendallTau, int MaxOvertakes, long InversionsByTicketNumber)
{
    /// <param name="arrival">Each buyer's arrival rank key (smaller = earlier).</param>
    /// <param name="admitted">Each buyer's admission time, same index.</param>
    /// <param name="number">Each buyer's ticket number, same index.</param>
    public static Fairness Measure(IReadOnlyList<double> arrival, IReadOnlyList<DateTime> admitted, IReadOnlyList<long> number)
    {
        var n = arrival.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => arrival[i]).ToArray();
        long pairs = 0, concordant = 0, discordant = 0, byNumber = 0;
        var overtaken = new int[n];
        // O(n²) over 10,000 buyers is 50 million comparisons: a second or so, and plain to read.
        for (var a = 0; a < n; a++)
        {
            var i = order[a];
            for (var b = a + 1; b < n; b++)
            {
                var j = order[b];
                if (arrival[i] == arrival[j])
                {
                    continue;
                }

                pairs++;
                if (admitted[j] < admitted[i])
                {
                    discordant++;
                    overtaken[i]++; // j arrived later and got in earlier
                }
                else if (admitted[j] > admitted[i])
                {
                    concordant++;
                }
            }
        }

        // The server's own order: a smaller ticket number is never admitted after a larger one.
        var byTicket = Enumerable.Range(0, n).OrderBy(i => number[i]).ToArray();
        for (var a = 1; a < n; a++)
        {
            if (admitted[byTicket[a]] < admitted[byTicket[a - 1]])
            {
                byNumber++;
            }
        }

        var tau = pairs == 0 ? 1 : (double)(concordant - discordant) / pairs;
        return new Fairness(pairs, discordant, pairs == 0 ? 0 : (double)discordant / pairs, tau, overtaken.DefaultIfEmpty().Max(), byNumber);
    }
}
