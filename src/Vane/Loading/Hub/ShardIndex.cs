using System.Text.Json;

namespace Vane.Loading.Hub;

/// <summary>
/// Reads the shard file names out of a <c>*.safetensors.index.json</c>
/// (the distinct values of its <c>weight_map</c>, tensor name to shard file).
/// </summary>
internal static class ShardIndex
{
    /// <summary>
    /// The shards named by the index at <paramref name="localPath"/>, as repo paths (relative to the
    /// folder of <paramref name="indexName"/> in the repo), in first-seen order.
    /// </summary>
    public static IReadOnlyList<string> ReadShards(string localPath, string indexName)
    {
        string folder = indexName.Contains('/') ? indexName[..(indexName.LastIndexOf('/') + 1)] : "";
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(localPath));
            if (!doc.RootElement.TryGetProperty("weight_map", out var map)
                || map.ValueKind != JsonValueKind.Object)
                throw new ModelFormatException(localPath, "weight_map",
                    "missing or not an object, expected {tensor name: shard file}");
            return map.EnumerateObject()
                .Select(p => folder + (p.Value.GetString() ?? ""))
                .Distinct(StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ModelFormatException(localPath, "weight_map", $"not valid index JSON: {e.Message}", e);
        }
    }
}
