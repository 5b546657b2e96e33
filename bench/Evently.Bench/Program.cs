using Evently.Bench.Booking;

// `dotnet run -c Release --project bench/Evently.Bench -- <scenario> [options]`
return args.FirstOrDefault() switch
{
    "booking" => await BookingBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Evently.Bench booking [--levels 100,1000,10000] [--strategies atomic,row-lock,optimistic,redis-lock] [--warmup 3] [--duration 10] [--users 1000]");
    return 2;
}
