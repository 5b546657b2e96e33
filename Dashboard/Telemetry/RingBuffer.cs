namespace Evently.Dashboard.Telemetry;

/// <summary>
/// Fixed-capacity FIFO: adding to a full buffer evicts the oldest item, so memory stays bounded under
/// any load. Not thread-safe on its own; the stores guard it with their lock.
/// </summary>
internal sealed class RingBuffer<T>
{
    private readonly T[] _items;
    private int _head; // index of the oldest item
    private int _count;

    public RingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new T[capacity];
    }

    public int Count => _count;

    public int Capacity => _items.Length;

    /// <summary>Appends <paramref name="item"/>; returns true with the evicted item when the buffer was full.</summary>
    public bool Add(T item, out T? evicted)
    {
        if (_count < _items.Length)
        {
            _items[(_head + _count) % _items.Length] = item;
            _count++;
            evicted = default;
            return false;
        }

        evicted = _items[_head];
        _items[_head] = item;
        _head = (_head + 1) % _items.Length;
        return true;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
    }

    /// <summary>Copy of the items, oldest first.</summary>
    public List<T> ToList()
    {
        var list = new List<T>(_count);
        for (var i = 0; i < _count; i++)
        {
            list.Add(_items[(_head + i) % _items.Length]);
        }

        return list;
    }

    /// <summary>The newest item, if any.</summary>
    public bool TryPeekNewest(out T? item)
    {
        if (_count == 0)
        {
            item = default;
            return false;
        }

        item = _items[(_head + _count - 1) % _items.Length];
        return true;
    }
}
