using System.Text.Json;
using Evently.Hosting.Processes;

namespace Evently.Hosting.State;

/// <summary>One record per running resource process, so a later run can find what a killed AppHost left behind.</summary>
internal sealed record PidRecord(string Resource, string Type, int Pid, long StartTicks, int StopSignal)
{
    /// <summary>Still the very process we started (same pid and start time, not a zombie).</summary>
    public bool IsAlive => ProcFs.IsAlive(Pid) && ProcFs.StartTicks(Pid) == StartTicks;
}

internal sealed class PidFiles(StateFolder state)
{
    public void Write(PidRecord record) =>
        File.WriteAllText(PathOf(record.Resource), JsonSerializer.Serialize(record, HostingJson.Options));

    public void Delete(string resource) => File.Delete(PathOf(resource));

    public IReadOnlyList<PidRecord> ReadAll()
    {
        var records = new List<PidRecord>();
        if (!Directory.Exists(state.PidsDirectory))
        {
            return records;
        }

        foreach (var file in Directory.EnumerateFiles(state.PidsDirectory, "*.json"))
        {
            try
            {
                if (JsonSerializer.Deserialize<PidRecord>(File.ReadAllText(file), HostingJson.Options) is { } record)
                {
                    records.Add(record);
                }
            }
            catch (JsonException)
            {
                File.Delete(file);
            }
        }

        return records;
    }

    private string PathOf(string resource) => Path.Combine(state.PidsDirectory, resource + ".json");
}
