namespace Paperclip.Bench;

/// <summary>Nearest-rank percentiles.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> samples, double percentile)
    {
        double[] sorted = samples.Order().ToArray();
        int rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)], 1);
    }
}
