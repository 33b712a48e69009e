namespace Vane.Tests.Tokenization;

/// <summary>A throw-away model folder for loader tests; deleted on dispose.</summary>
internal sealed class TempModelFolder : IDisposable
{
    /// <summary>Creates an empty folder under the system temp path.</summary>
    public TempModelFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vane-tok-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/>; returns this for chaining.</summary>
    public TempModelFolder With(string name, string content)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, name), content);
        return this;
    }

    /// <summary>Writes raw bytes to <paramref name="name"/>.</summary>
    public TempModelFolder With(string name, byte[] content)
    {
        File.WriteAllBytes(System.IO.Path.Combine(Path, name), content);
        return this;
    }

    /// <summary>Copies a file from another folder.</summary>
    public TempModelFolder Copy(string from, string name)
    {
        File.Copy(System.IO.Path.Combine(from, name), System.IO.Path.Combine(Path, name));
        return this;
    }

    /// <summary>Deletes the folder.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a leftover temp folder is harmless
        }
    }
}
