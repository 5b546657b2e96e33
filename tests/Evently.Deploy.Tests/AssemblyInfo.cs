// The generator writes Unix file modes and the tests check them; Evently builds and deploys from Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
