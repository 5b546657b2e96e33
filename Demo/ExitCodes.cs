namespace Evently.Demo;

/// <summary>What the demo's exit code says, so a script (or a test) can tell a broken system from a wrong setup.</summary>
public static class ExitCodes
{
    public const int Passed = 0;

    /// <summary>A step of the demonstration failed (its problem and trace id were printed).</summary>
    public const int StepFailed = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;

    /// <summary>The gateway could not be reached, or the admin could not log in: nothing was demonstrated.</summary>
    public const int NoSystem = 3;
}
