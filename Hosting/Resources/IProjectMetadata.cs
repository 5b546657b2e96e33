namespace Evently.Hosting;

/// <summary>
/// A .NET project AppHost runs, like Aspire's generated <c>Projects.*</c> classes. AppHost's build generates one
/// class per referenced project (see AppHost.csproj), carrying the path of its build output.
/// </summary>
public interface IProjectMetadata
{
    /// <summary>Full path of the .csproj.</summary>
    string ProjectPath { get; }

    /// <summary>Full path of the built assembly, run as <c>dotnet &lt;AssemblyPath&gt;</c>.</summary>
    string AssemblyPath { get; }
}
