using Vane.Loading;
using Vane.Steering;

namespace Vane.Tests.Steering.Transport;

public class TransportFileTests
{
    static readonly TransportMap Map = new(
    [
        new SiteTransport("blocks.0.hook_resid_post", [1, 2, 3, 4], [0, -1, 0.5f, 2], [-1, -2, -3, -4], [1, 2, 3, 4]),
        TestConfig.Site("blocks.1.hook_mlp_post", 6, beta: 0.5f, alpha: -2),
    ], TransportMethod.Gaussian, 40, 40, "vane-demo-3m");

    [Fact]
    public void RoundTripKeepsMapsAndMetadata()
    {
        using var dir = new TempDir();
        string path = dir.File("t.safetensors");

        TransportFile.Write(path, Map);
        var back = TransportFile.Read(path, TestConfig.Small);

        Assert.Equal(TransportMethod.Gaussian, back.Method);
        Assert.Equal((40, 40, "vane-demo-3m"), (back.NSource, back.NTarget, back.ModelHint));
        Assert.Equal(Map.Sites.Select(s => s.Site), back.Sites.Select(s => s.Site));
        for (int i = 0; i < Map.Sites.Count; i++)
        {
            Assert.Equal(Map.Sites[i].Beta, back.Sites[i].Beta);
            Assert.Equal(Map.Sites[i].Alpha, back.Sites[i].Alpha);
            Assert.Equal(Map.Sites[i].RangeMin, back.Sites[i].RangeMin);
            Assert.Equal(Map.Sites[i].RangeMax, back.Sites[i].RangeMax);
        }
    }

    [Fact]
    public void WidthMismatchNamesFileSiteAndBothWidths()
    {
        using var dir = new TempDir();
        string path = dir.File("t.safetensors");
        TransportFile.Write(path, Map);
        var wider = TestConfig.Small with { DModel = 8 };

        var e = Assert.Throws<ModelFormatException>(() => TransportFile.Read(path, wider));

        Assert.Contains(path, e.Message);
        Assert.Contains("blocks.0.hook_resid_post has [4] units in the file, but 8 in this model", e.Message);
    }

    [Fact]
    public void UnknownSiteNamesFileAndSite()
    {
        using var dir = new TempDir();
        string path = dir.File("t.safetensors");
        TransportFile.Write(path, TestConfig.Map(TestConfig.Site("blocks.5.hook_resid_post", 4)));

        var e = Assert.Throws<ModelFormatException>(() => TransportFile.Read(path, TestConfig.Small));

        Assert.Contains(path, e.Message);
        Assert.Contains("'blocks.5.hook_resid_post': not a site of this model", e.Message);
    }

    [Fact]
    public void NonFiniteValueNamesTheTensor()
    {
        using var dir = new TempDir();
        string path = dir.File("t.safetensors");
        var bad = TestConfig.Site("blocks.0.hook_resid_post", 4);
        bad.Alpha[2] = float.PositiveInfinity;
        TransportFile.Write(path, TestConfig.Map(bad));

        var e = Assert.Throws<ModelFormatException>(() => TransportFile.Read(path, TestConfig.Small));

        Assert.Contains("'blocks.0.hook_resid_post.alpha': value 2 is Infinity, expected a finite number", e.Message);
    }

    [Fact]
    public void FileWithoutTransportMetadataIsRejected()
    {
        using var dir = new TempDir();
        string path = dir.File("t.safetensors");
        SafeTensorsWriter.Write(path, [new TensorToWrite("x", [1], [1f])]);

        var e = Assert.Throws<ModelFormatException>(() => TransportFile.Read(path, TestConfig.Small));

        Assert.Contains("'sites': metadata field missing", e.Message);
    }
}
