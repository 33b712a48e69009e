using ScottPlot;
using Vane.Steering;

namespace Vane.Cli.Commands;

/// <summary>The PNG of a condition search: F1 against threshold, one line per single block and direction.</summary>
public static class ConditionPlot
{
    /// <summary>Writes the plot of <paramref name="result"/> to <paramref name="path"/>.</summary>
    public static void Write(ConditionSearchResult result, string path)
    {
        var plot = new Plot();
        foreach (var g in result.Table.Where(c => c.Layers.Length == 1).GroupBy(c => (c.Layers[0], c.Direction)))
        {
            var cells = g.OrderBy(c => c.Threshold).ToArray();
            var line = plot.Add.Scatter(cells.Select(c => (double)c.Threshold).ToArray(),
                cells.Select(c => c.F1).ToArray());
            line.LegendText = $"block {g.Key.Item1} {g.Key.Direction.ToString().ToLowerInvariant()}";
            line.MarkerSize = 0;
        }
        var best = result.Best;
        var mark = plot.Add.Marker(best.Threshold, best.F1, MarkerShape.OpenCircle, 18, Colors.Red);
        mark.LegendText = $"chosen: blocks {string.Join(",", best.Layers)}";
        plot.XLabel("threshold theta on s");
        plot.YLabel("F1 (training prompts)");
        plot.Axes.SetLimitsY(0, 1.05);
        plot.ShowLegend(Alignment.LowerLeft);
        plot.SavePng(path, 720, 420);
    }
}
