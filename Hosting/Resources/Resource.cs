using Evently.Hosting.Health;
using Evently.Hosting.Logs;
using Evently.Hosting.Processes;

namespace Evently.Hosting;

/// <summary>
/// A node of the resource graph: what it is (declared in AppHost/Program.cs) and how its process is prepared,
/// launched, probed and stopped (each server type overrides those steps).
/// </summary>
public abstract class Resource
{
    private readonly List<Resource> _waitsFor = [];
    private readonly List<Resource> _references = [];
    private readonly List<EndpointAnnotation> _endpoints = [];

    protected Resource(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"Resource name '{name}' must be lower-case letters, digits and '-'.", nameof(name));
        }

        Name = name;
    }

    public string Name { get; }

    /// <summary>One of <see cref="ResourceTypes"/>.</summary>
    public abstract string Type { get; }

    public IReadOnlyList<Resource> WaitsFor => _waitsFor;

    public IReadOnlyList<Resource> References => _references;

    public IReadOnlyList<EndpointAnnotation> Endpoints => _endpoints;

    public EndpointAnnotation PrimaryEndpoint => _endpoints[0];

    /// <summary>What a project referencing this resource receives as <c>ConnectionStrings__{Name}</c>.</summary>
    public virtual string? ConnectionString => null;

    /// <summary>Signal that starts a graceful stop; also used on processes a killed AppHost left behind.</summary>
    internal virtual int StopSignal => Signals.SIGTERM;

    internal virtual TimeSpan StartupTimeout => TimeSpan.FromSeconds(60);

    internal virtual TimeSpan StopTimeout => TimeSpan.FromSeconds(6);

    /// <summary>
    /// CPU niceness of the resource's process group: 0 is normal, higher yields to the other resources when the
    /// machine is saturated (see <see cref="ResourceBuilderExtensions.WithCpuNice{T}"/>).
    /// </summary>
    public int CpuNice { get; private set; }

    internal void SetCpuNice(int nice) =>
        CpuNice = nice is >= 0 and <= 19
            ? nice
            : throw new ArgumentOutOfRangeException(nameof(nice), nice, "CPU niceness goes from 0 (normal) to 19 (lowest).");

    /// <summary>Crashed processes of this resource are started again (projects, like Aspire's default).</summary>
    internal virtual bool RestartOnCrash => false;

    internal void AddWaitFor(Resource dependency)
    {
        if (dependency == this || DependsOn(dependency, this))
        {
            throw new InvalidOperationException($"{Name} cannot wait for {dependency.Name}: that would be a cycle.");
        }

        if (!_waitsFor.Contains(dependency))
        {
            _waitsFor.Add(dependency);
        }
    }

    internal void AddReference(Resource source)
    {
        if (!_references.Contains(source))
        {
            _references.Add(source);
        }
    }

    internal EndpointAnnotation AddEndpoint(EndpointAnnotation endpoint)
    {
        _endpoints.Add(endpoint);
        return endpoint;
    }

    /// <summary>Cheap checks before anything starts (binaries present): failing here costs no time.</summary>
    internal virtual void Validate(HostContext host)
    {
    }

    /// <summary>Folders, first-time initialisation (initdb), stale lock files.</summary>
    internal virtual Task PrepareAsync(HostContext host, ResourceLog log, CancellationToken ct) => Task.CompletedTask;

    internal abstract ProcessSpec CreateProcess(HostContext host, IReadOnlyDictionary<string, string> environmentOverrides);

    internal abstract Task<HealthResult> CheckHealthAsync(HostContext host, CancellationToken ct);

    /// <summary>Graceful stop; the caller SIGKILLs the group if the process is still there after <see cref="StopTimeout"/>.</summary>
    internal virtual Task StopAsync(ManagedProcess process, HostContext host, CancellationToken ct)
    {
        process.SignalGroup(StopSignal);
        return Task.CompletedTask;
    }

    /// <summary>The server process proper, when the launched process is a wrapper (RabbitMQ's shell script).</summary>
    internal virtual int MainPid(ManagedProcess process, HostContext host) => process.Pid;

    /// <summary>Releases what health checks keep open (the AMQP probe connection).</summary>
    internal virtual ValueTask ReleaseAsync() => ValueTask.CompletedTask;

    private static bool DependsOn(Resource from, Resource target) =>
        from._waitsFor.Any(d => d == target || DependsOn(d, target));
}
