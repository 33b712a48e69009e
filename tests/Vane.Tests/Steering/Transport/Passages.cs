namespace Vane.Tests.Steering.Transport;

/// <summary>Held-out texts cut into passages of a fixed number of words, for fitting transports.</summary>
public static class Passages
{
    /// <summary>The repository root (the folder holding Vane.slnx), for files under examples/.</summary>
    public static string Repo => SharedData.RepoPath("");

    /// <summary>The first <paramref name="count"/> passages of <paramref name="words"/> words of a file.</summary>
    public static List<string> Of(string path, int count, int words = 60)
    {
        string[] all = File.ReadAllText(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (all.Length < count * words)
            throw new InvalidDataException($"{path}: {all.Length} words, need {count * words}");
        return Enumerable.Range(0, count)
            .Select(i => string.Join(' ', all.Skip(i * words).Take(words)))
            .ToList();
    }
}
