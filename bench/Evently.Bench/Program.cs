using Evently.Bench.Report;

// `dotnet run -c Release --project bench/Evently.Bench -- [scenario ...] [options]`; no scenario runs them all.
return args.FirstOrDefault() switch
{
    "-h" or "--help" => Usage(),
    _ => await BenchSuite.RunAsync(args),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Evently.Bench [listing|gateway|mixed|booking|waiting-room ...] [--levels 100,1000,10000] [--warmup 5] [--duration 15]");
    Console.Error.WriteLine("       listing/gateway/mixed: [--ratio-connections 16] [--overhead-connections 100] [--events 50] [--users 200] [--catalogue 100000] [--reads standby|primary] [--profile]");
    Console.Error.WriteLine("       booking: [--strategies atomic,row-lock,optimistic,redis-lock] [--users 1000] [--pgbench-clients 64] [--booking-replicas 1] [--gateways 1] [--holds 1000|none] [--shed-backoff on|off] [--profile]");
    Console.Error.WriteLine("       waiting-room: [--buyers 10000] [--rate 500] [--capacity buyers/2] [--connections 1000] [--pass-seconds 600]");
    return 2;
}
