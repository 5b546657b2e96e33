namespace Evently.Data;

/// <summary>
/// Marks a library whose migrations go into each database of the services that use it, before their own. They are
/// recorded as <c>000-defaults/{file}</c>, the names they had in ServiceDefaults, so databases migrated before the
/// libraries were split off do not take them for new ones.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class SharedMigrationsAttribute : Attribute;
