namespace Evently.EventsService.Replica;

/// <summary>What a read covers, for read-your-writes: every listing page, or one event's detail.</summary>
public readonly record struct ReadScope(Guid? EventId)
{
    public static ReadScope Listing => default;

    public static ReadScope Event(Guid id) => new(id);
}
