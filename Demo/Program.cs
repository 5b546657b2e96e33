using Evently.Demo;
using Evently.Demo.Steps;

// ./evently demo [--gateway URL] [--load-users N,N] [--load-duration SECONDS]: the seed's demonstration against a
// running system, every call through the generated client. Exit codes: see ExitCodes.
var (options, error) = DemoOptions.Parse(args);
if (options is null)
{
    if (error is { Length: > 0 })
    {
        Console.Error.WriteLine(error);
    }

    Console.Error.WriteLine(DemoOptions.Usage);
    return error is { Length: > 0 } ? ExitCodes.Usage : ExitCodes.Passed;
}

var (login, loginError) = AdminLogin.Find(Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory());
if (login is null)
{
    Console.Error.WriteLine(loginError);
    return ExitCodes.NoSystem;
}

Console.WriteLine($"Evently demo against {options.Gateway}");
var traces = new TraceIds();
using var clients = new GatewayClients(options.Gateway, traces);
var steps = new StepRunner(Console.Out, traces);
try
{
    await new Demonstration(clients, options, steps).RunAsync(login);
}
catch (DemoStoppedException stopped)
{
    Console.WriteLine($"Stopped at step {stopped.Step}: {steps.Passed} steps passed before it.");
    // The first step is the admin's sign-in: failing there means no system to demonstrate (unreachable, wrong login).
    return stopped.Step == 1 ? ExitCodes.NoSystem : ExitCodes.StepFailed;
}

Console.WriteLine($"All {steps.Passed} steps passed.");
return ExitCodes.Passed;
