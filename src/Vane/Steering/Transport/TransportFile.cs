using System.Globalization;
using Vane.Loading;
using Vane.Model;

namespace Vane.Steering;

/// <summary>
/// Reads and writes transports as safetensors: per site, "{site}.beta", "{site}.alpha",
/// "{site}.range_min" and "{site}.range_max" [width] F32, with metadata naming the method,
/// the sites in order, the text counts and the model.
/// </summary>
public static class TransportFile
{
    static readonly string[] Parts = ["beta", "alpha", "range_min", "range_max"];

    /// <summary>
    /// Writes <paramref name="map"/> to <paramref name="path"/> through a temporary file.
    /// </summary>
    public static void Write(string path, TransportMap map)
    {
        var tensors = map.Sites.SelectMany(s => new[] { s.Beta, s.Alpha, s.RangeMin, s.RangeMax }
            .Select((v, k) => new TensorToWrite($"{s.Site}.{Parts[k]}", [v.Length], v)));
        var metadata = new Dictionary<string, string>
        {
            ["vane.kind"] = "activation-transport",
            ["method"] = map.Method.ToString().ToLowerInvariant(),
            ["sites"] = string.Join(",", map.Sites.Select(s => s.Site)),
            ["n_source"] = map.NSource.ToString(CultureInfo.InvariantCulture),
            ["n_target"] = map.NTarget.ToString(CultureInfo.InvariantCulture),
            ["model"] = map.ModelHint,
        };
        SafeTensorsWriter.Write(path, tensors, metadata);
    }

    /// <summary>
    /// Reads a transport written by <see cref="Write"/> and checks it against a model of
    /// <paramref name="config"/>: known sites, widths equal to the site widths, finite values.
    /// </summary>
    /// <exception cref="ModelFormatException">
    /// Missing metadata or tensors, an unknown site, a width unlike the model's, or a non-finite value;
    /// the message names the file and the site or tensor.
    /// </exception>
    public static TransportMap Read(string path, ModelConfig config)
    {
        using var file = SafeTensorsFile.Open(path);
        var meta = file.Metadata;
        string sitesText = Meta(file, "sites");
        var method = ParseMethod(file, Meta(file, "method"));
        var sites = sitesText.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(site => ReadSite(file, site, config))
            .ToList();
        if (sites.Count == 0)
            throw new ModelFormatException(path, "sites", "the file lists no sites");
        return new TransportMap(sites, method, Count(file, "n_source"), Count(file, "n_target"),
            meta.TryGetValue("model", out var m) ? m : "");
    }

    static SiteTransport ReadSite(SafeTensorsFile file, string site, ModelConfig config)
    {
        int width;
        try
        {
            width = TransportSites.Width(config, site);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException(file.Path, site, $"not a site of this model: {e.Message}", e);
        }
        var v = Parts.Select(p => ReadVector(file, $"{site}.{p}", site, width)).ToArray();
        return new SiteTransport(site, v[0], v[1], v[2], v[3]);
    }

    static float[] ReadVector(SafeTensorsFile file, string name, string site, int width)
    {
        var info = file.Info(name);
        if (info.Shape.Length != 1 || info.Shape[0] != width)
            throw new ModelFormatException(file.Path, name,
                $"{site} has {info.ShapeText} units in the file, but {width} in this model: " +
                "was it fitted on another model?");
        var values = file.ReadFloats(name, width);
        int bad = Array.FindIndex(values, x => !float.IsFinite(x));
        if (bad >= 0)
            throw new ModelFormatException(file.Path, name, string.Create(CultureInfo.InvariantCulture,
                $"value {bad} is {values[bad]}, expected a finite number"));
        return values;
    }

    static string Meta(SafeTensorsFile file, string key) =>
        file.Metadata.TryGetValue(key, out var v) ? v
        : throw new ModelFormatException(file.Path, key,
            "metadata field missing: is this a transport file written by 'vane transport fit'?");

    static TransportMethod ParseMethod(SafeTensorsFile file, string text) =>
        Enum.TryParse<TransportMethod>(text, ignoreCase: true, out var m) ? m
        : throw new ModelFormatException(file.Path, "method", $"'{text}' is not linear, mean or gaussian");

    static int Count(SafeTensorsFile file, string key) =>
        file.Metadata.TryGetValue(key, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out int n) ? n : 0;
}
