using Evently.Hosting.State;

namespace Evently.Hosting.Orchestration;

/// <summary>
/// Starts the graph: every resource as soon as the ones it waits for are healthy, all others in parallel.
/// Stops it in reverse: a resource stops once everything that waits for it (or uses it as a server) has stopped.
/// </summary>
internal sealed class Orchestrator : IDisposable
{
    private const int FailureLogLines = 15;
    private readonly List<ResourceController> _controllers;

    public Orchestrator(IReadOnlyList<Resource> resources, HostContext host, PidFiles pidFiles,
        Action<ResourceSnapshot> changed, Action<string> report, CancellationToken appStopping)
    {
        _controllers = resources
            .Select(r => new ResourceController(r, host, pidFiles, c => changed(c.Snapshot()), report, appStopping))
            .ToList();
    }

    public IReadOnlyList<ResourceController> Controllers => _controllers;

    public ResourceController? Find(string name) => _controllers.Find(c => c.Name == name);

    /// <summary>Binaries present and ports free, before anything starts.</summary>
    public void Preflight(HostContext host)
    {
        var failures = new List<ResourceFailure>();
        foreach (var controller in _controllers)
        {
            try
            {
                controller.Resource.Validate(host);
            }
            catch (ResourceException e)
            {
                failures.Add(Failure(controller, e.Message, withLog: false));
            }
        }

        foreach (var (resource, reason) in PortAllocator.Allocate(_controllers.Select(c => c.Resource)))
        {
            failures.Add(Failure(Find(resource.Name)!, reason, withLog: false));
        }

        if (failures.Count > 0)
        {
            throw new StartupException(failures);
        }
    }

    public async Task StartAllAsync(CancellationToken ct)
    {
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var failures = new List<ResourceFailure>();
        var tasks = new Dictionary<Resource, Task>();
        foreach (var controller in _controllers)
        {
            controller.MarkWaiting();
        }

        foreach (var controller in TopologicalOrder())
        {
            var dependencies = controller.Resource.WaitsFor.Select(d => tasks[d]).ToList();
            tasks[controller.Resource] = StartOneAsync(controller, dependencies);
        }

        await Task.WhenAll(tasks.Values.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (failures.Count > 0)
        {
            throw new StartupException(failures);
        }

        async Task StartOneAsync(ResourceController controller, List<Task> dependencies)
        {
            try
            {
                await Task.WhenAll(dependencies).ConfigureAwait(false);
            }
            catch (Exception)
            {
                controller.MarkFailed("not started: a resource it waits for failed");
                throw;
            }

            try
            {
                await controller.StartAsync(null, failFast.Token).ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                lock (failures)
                {
                    failures.Add(Failure(controller, e.Message, withLog: true));
                }

                await failFast.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    public void EnableAutoRestart() => _controllers.ForEach(c => c.EnableAutoRestart());

    /// <summary>Stops everything within <paramref name="budget"/>; whatever is left then is killed.</summary>
    public async Task StopAllAsync(TimeSpan budget)
    {
        var deadline = DateTimeOffset.UtcNow + budget;
        var tasks = new Dictionary<Resource, Task>();
        foreach (var controller in Enumerable.Reverse(TopologicalOrder()))
        {
            var dependents = _controllers
                .Where(c => c.Resource.WaitsFor.Contains(controller.Resource)
                    || (controller.Resource is not ProjectResource && c.Resource.References.Contains(controller.Resource)))
                .Select(c => tasks[c.Resource])
                .ToList();
            tasks[controller.Resource] = StopAfterAsync(controller, dependents);
        }

        var all = Task.WhenAll(tasks.Values);
        if (await Task.WhenAny(all, Task.Delay(budget + TimeSpan.FromSeconds(2))).ConfigureAwait(false) != all)
        {
            _controllers.ForEach(c => c.KillNow());
        }

        async Task StopAfterAsync(ResourceController controller, List<Task> dependents)
        {
            await Task.WhenAll(dependents).ConfigureAwait(false);
            await controller.StopAsync(deadline).ConfigureAwait(false);
        }
    }

    public void Dispose() => _controllers.ForEach(c => c.Dispose());

    /// <summary>Dependencies (WaitFor and references to servers) before dependents.</summary>
    private List<ResourceController> TopologicalOrder()
    {
        var ordered = new List<ResourceController>();
        var seen = new HashSet<Resource>();
        foreach (var controller in _controllers)
        {
            Visit(controller.Resource);
        }

        return ordered;

        void Visit(Resource resource)
        {
            if (!seen.Add(resource))
            {
                return;
            }

            foreach (var dependency in resource.WaitsFor.Concat(resource.References.Where(r => r is not ProjectResource)))
            {
                Visit(dependency);
            }

            ordered.Add(_controllers.First(c => c.Resource == resource));
        }
    }

    private static ResourceFailure Failure(ResourceController controller, string reason, bool withLog) =>
        new(controller.Name, controller.Resource.Type, reason, withLog ? controller.Log.Tail(FailureLogLines) : []);
}
