namespace Vane.Tests;

/// <summary>Paths into ../shared (models, reference outputs, data) beside the repository.</summary>
public static class SharedData
{
    static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The absolute path of <paramref name="relative"/> inside shared/.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root.Value, relative);

    /// <summary>The absolute path of <paramref name="relative"/> inside this repository
    /// (e.g. "examples/...").</summary>
    public static string RepoPath(string relative) => System.IO.Path.Combine(FindRepo(), relative);

    /// <summary>The demo model folder.</summary>
    public static string DemoModel => Path("models/vane-demo-3m");

    static string FindRoot()
    {
        string shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(FindRepo(), "..", "shared"));
        return Directory.Exists(shared)
            ? shared
            : throw new DirectoryNotFoundException($"expected ../shared beside the repository at {shared}");
    }

    static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Vane.slnx")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"no Vane.slnx above {AppContext.BaseDirectory}");
    }
}
