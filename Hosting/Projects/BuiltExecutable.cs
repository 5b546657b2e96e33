using System.Reflection;
using System.Runtime.InteropServices;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Evently.Hosting.Projects;

/// <summary>
/// Runs a project's already built executable instead of <c>dotnet run --no-build</c>. Aspire builds every project with
/// the AppHost, and <c>dotnet run</c> then only evaluates the project file again to find that executable: about three
/// CPU-seconds per service per start on a 2-core machine, for every boot and every restart. Aspire 13.6 launches a
/// project that carries an <see cref="ExecutableAnnotation"/> with that command as is, adding its <c>dotnet run</c>
/// arguments only to projects without one.
/// </summary>
public static class BuiltExecutable
{
    /// <summary>
    /// In run mode, when the output of the AppHost's configuration exists (<c>bin/{Debug|Release}/{tfm}/</c>, one
    /// app in it), the project runs from there; otherwise Aspire's default launch stays.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithBuiltExecutable(this IResourceBuilder<ProjectResource> project)
    {
        var projectPath = project.Resource.GetProjectMetadata().ProjectPath;
        if (!project.ApplicationBuilder.ExecutionContext.IsRunMode
            || Find(projectPath, project.ApplicationBuilder.AppHostAssembly) is not { } executable)
        {
            return project;
        }

        return project.WithAnnotation(new ExecutableAnnotation
        {
            Command = executable,
            // Where dotnet run starts it: the content root stays the project's folder.
            WorkingDirectory = Path.GetDirectoryName(projectPath)!,
        }, ResourceAnnotationMutationBehavior.Replace)
            // As dotnet run would: the executable finds the runtime the AppHost runs on, wherever .NET is installed.
            .WithEnvironment("DOTNET_ROOT", DotnetRoot);
    }

    // {root}/shared/Microsoft.NETCore.App/{version}/
    private static string DotnetRoot => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    private static string? Find(string projectPath, Assembly? appHost)
    {
        var configuration = appHost?.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        // Every project targets the framework the AppHost runs on (Directory.Build.props).
        var framework = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var output = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration ?? "", framework);
        if (configuration is null || !Directory.Exists(output))
        {
            return null;
        }

        // The app's runtimeconfig names it; referenced libraries have none.
        var apps = Directory.GetFiles(output, "*.runtimeconfig.json");
        var executable = apps.Length == 1 ? apps[0][..^".runtimeconfig.json".Length] : null;
        return executable is not null && File.Exists(executable) ? executable : null;
    }
}
