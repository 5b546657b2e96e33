namespace Evently.Demo;

/// <summary>A step's answer came back but does not show what the seed promises (e.g. a second booking won).</summary>
public sealed class StepFailedException(string message) : Exception(message)
{
    public static void Unless(bool condition, string message)
    {
        if (!condition)
        {
            throw new StepFailedException(message);
        }
    }
}
