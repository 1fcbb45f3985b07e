namespace Attune.Train;

/// <summary>Platt scaling: per label, <c>p = sigmoid(a × logit + b)</c> fitted by damped Newton steps on log loss.</summary>
internal static class Calibration
{
    private const double Ridge = 1.0;

    /// <summary>
    /// Fits (a, b) for label <paramref name="k"/> with Platt's smoothed targets, a small ridge pulling a towards 1
    /// (so labels with a handful of positives cannot run away) and a backtracking line search; a is kept positive.
    /// </summary>
    public static (float Scale, float Offset) Fit(float[][] logits, bool[][] truth, int k)
    {
        int n = logits.Length;
        int positives = truth.Count(t => t[k]);
        double high = (positives + 1.0) / (positives + 2.0);
        double low = 1.0 / (n - positives + 2.0);
        double a = 1, b = 0;
        double loss = Loss(a, b);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double ga = Ridge * (a - 1), gb = 0, haa = Ridge, hab = 0, hbb = 1e-9;
            for (int i = 0; i < n; i++)
            {
                double z = logits[i][k];
                double p = 1 / (1 + Math.Exp(-((a * z) + b)));
                double y = truth[i][k] ? high : low;
                double d = p - y;
                double w = p * (1 - p);
                ga += d * z;
                gb += d;
                haa += w * z * z;
                hab += w * z;
                hbb += w;
            }

            double det = (haa * hbb) - (hab * hab);
            if (!(det > 0))
            {
                break;
            }

            double da = ((hbb * ga) - (hab * gb)) / det;
            double db = ((haa * gb) - (hab * ga)) / det;
            double step = 1;
            double next = double.PositiveInfinity;
            while (step > 1e-6)
            {
                next = Loss(a - (step * da), b - (step * db));
                if (next <= loss)
                {
                    break;
                }

                step /= 2;
            }

            if (!(next <= loss))
            {
                break;
            }

            a -= step * da;
            b -= step * db;
            bool converged = loss - next < 1e-10;
            loss = next;
            if (converged)
            {
                break;
            }
        }

        if (!(a > 0) || !double.IsFinite(a) || !double.IsFinite(b))
        {
            return (1f, 0f);
        }

        return ((float)a, (float)b);

        double Loss(double scale, double offset)
        {
            double sum = 0.5 * Ridge * (scale - 1) * (scale - 1);
            for (int i = 0; i < n; i++)
            {
                double u = (scale * logits[i][k]) + offset;
                double y = truth[i][k] ? high : low;

                // -[y log σ(u) + (1 - y) log(1 - σ(u))] = softplus(u) - y u
                sum += (u > 0 ? u + Math.Log(1 + Math.Exp(-u)) : Math.Log(1 + Math.Exp(u))) - (y * u);
            }

            return sum;
        }
    }
}
