namespace Vane.Sparsity;

/// <summary>
/// TEAL's greedy allocation, simplified: per block, raise the sparsity of the input whose next
/// step costs the least error per parameter saved, until the block's size-weighted sparsity
/// reaches the target. The error of a block is the sum of the relative output errors of its
/// projections (<see cref="InputCalibration.ErrorCurve"/>, measured on sampled calibration
/// rows), not the error of the block output itself; q/k/v (and gate/up) move together because
/// they share an input.
/// </summary>
public static class GreedyAllocation
{
    /// <summary>Sparsity step of the search.</summary>
    public const double Step = 0.01;

    /// <summary>The highest sparsity one input may get (the end of the error curves).</summary>
    public const double MaxSparsity = (Calibration.CurvePoints - 1) * Calibration.CurveStep;

    /// <summary>Sparsity per input [4] for one block.</summary>
    /// <param name="curves">Error curve per input [4][CurvePoints].</param>
    /// <param name="sizes">Parameters read per input [4].</param>
    /// <param name="target">Size-weighted block sparsity to reach, 0 to MaxSparsity.</param>
    public static double[] Allocate(IReadOnlyList<double[]> curves, IReadOnlyList<long> sizes, double target)
    {
        var s = new double[curves.Count];
        double total = sizes.Sum();
        double Effective() => s.Select((v, k) => v * sizes[k]).Sum() / total;
        while (Effective() < target - 1e-9)
        {
            int best = -1;
            double bestCost = double.PositiveInfinity;
            for (int k = 0; k < s.Length; k++)
            {
                if (s[k] + Step > MaxSparsity + 1e-9)
                    continue;
                double cost = (At(curves[k], s[k] + Step) - At(curves[k], s[k])) / (Step * sizes[k]);
                if (cost < bestCost)
                    (best, bestCost) = (k, cost);
            }
            if (best < 0)
                break;
            s[best] = Math.Round(s[best] + Step, 6);
        }
        return s;
    }

    /// <summary>The curve at sparsity <paramref name="x"/>, linearly interpolated.</summary>
    static double At(double[] curve, double x)
    {
        double g = x / Calibration.CurveStep;
        int i = Math.Min((int)g, curve.Length - 2);
        return curve[i] + (g - i) * (curve[i + 1] - curve[i]);
    }
}
