using System.Runtime.Versioning;

// The kinds act on a Linux node (ip, mount, /proc, setsid): so do their tests.
[assembly: SupportedOSPlatform("linux")]
