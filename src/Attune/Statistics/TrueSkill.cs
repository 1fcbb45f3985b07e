namespace Attune.Statistics;

/// <summary>
/// A port of the Python <c>trueskill</c> package (0.4.5, Heungsub Lee, BSD) for two-player matches: the same factor
/// graph (prior, likelihood, sum and truncation factors, message passing until the change is at most 0.0001 or ten
/// rounds) and the package's built-in approximate normal functions, so updates equal the package's to the last bit.
/// </summary>
/// <remarks>
/// Where Python raises (a <c>FloatingPointError</c> when the truncation's W leaves (0, 1), a division by zero, a math
/// domain error) <see cref="Rate1Vs1"/> throws an <see cref="ArithmeticException"/>.
/// </remarks>
public sealed class TrueSkill
{
    private const double MinDelta = 0.0001;

    /// <summary>Creates an environment.</summary>
    /// <param name="mu">Initial mean of new ratings.</param>
    /// <param name="sigma">Initial standard deviation of new ratings.</param>
    /// <param name="beta">Performance noise: the skill gap that gives about a 76% chance of winning.</param>
    /// <param name="tau">Dynamic factor added to σ before each update.</param>
    /// <param name="drawProbability">Probability of a draw between equal players.</param>
    public TrueSkill(double mu = 25.0, double sigma = 25.0 / 3, double beta = 25.0 / 6, double tau = 25.0 / 300, double drawProbability = 0.1)
    {
        Mu = mu;
        Sigma = sigma;
        Beta = beta;
        Tau = tau;
        DrawProbability = drawProbability;
        DrawMargin = ApproximateNormal.Ppf((drawProbability + 1) / 2.0) * Math.Sqrt(2) * beta;
    }

    /// <summary>Initial mean of new ratings.</summary>
    public double Mu { get; }

    /// <summary>Initial standard deviation of new ratings.</summary>
    public double Sigma { get; }

    /// <summary>Performance noise.</summary>
    public double Beta { get; }

    /// <summary>Dynamic factor.</summary>
    public double Tau { get; }

    /// <summary>Draw probability.</summary>
    public double DrawProbability { get; }

    /// <summary>The draw margin ε of a two-player match: <c>ppf((p + 1)/2)·√2·β</c> with the approximate ppf.</summary>
    public double DrawMargin { get; }

    /// <summary>A new rating at this environment's initial mean and deviation.</summary>
    public TrueSkillRating CreateRating() => TrueSkillRating.Create(Mu, Sigma);

    /// <summary>
    /// Rates one match between two players: <paramref name="first"/> beat <paramref name="second"/>, or they drew.
    /// </summary>
    /// <param name="first">The winner's rating (or either player's, for a draw).</param>
    /// <param name="second">The loser's rating.</param>
    /// <param name="drawn">True for a draw.</param>
    /// <returns>The two updated ratings, in argument order.</returns>
    /// <exception cref="ArithmeticException">The update cannot be computed (where the Python package raises).</exception>
    public (TrueSkillRating First, TrueSkillRating Second) Rate1Vs1(TrueSkillRating first, TrueSkillRating second, bool drawn = false)
    {
        var rating0 = new Variable();
        var rating1 = new Variable();
        var perf0 = new Variable();
        var perf1 = new Variable();
        var team0 = new Variable();
        var team1 = new Variable();
        var diff = new Variable();

        var prior0 = new PriorFactor(rating0, first, Tau);
        var prior1 = new PriorFactor(rating1, second, Tau);
        double variance = Pow(Beta, 2);
        var like0 = new LikelihoodFactor(rating0, perf0, variance);
        var like1 = new LikelihoodFactor(rating1, perf1, variance);
        var teamSum0 = new SumFactor(team0, [perf0], [1]);
        var teamSum1 = new SumFactor(team1, [perf1], [1]);

        prior0.Down();
        prior1.Down();
        like0.Down();
        like1.Down();
        teamSum0.Down();
        teamSum1.Down();

        var diffSum = new SumFactor(diff, [team0, team1], [+1, -1]);
        var truncate = new TruncateFactor(diff, drawn, DrawMargin);
        for (int round = 0; round < 10; round++)
        {
            diffSum.Down();
            double delta = truncate.Up();
            if (delta <= MinDelta) break;
        }
        diffSum.Up(0);
        diffSum.Up(1);
        teamSum0.Up(0);
        teamSum1.Up(0);
        like0.Up();
        like1.Up();
        return (TrueSkillRating.Create(rating0.Mu, rating0.Sigma), TrueSkillRating.Create(rating1.Mu, rating1.Sigma));
    }

    // ---- Python float operations that raise instead of returning inf/NaN --------------------------------------------

    internal static double Divide(double a, double b) =>
        b == 0 ? throw new ArithmeticException("float division by zero") : a / b;

    internal static double Sqrt(double x) =>
        x < 0 ? throw new ArithmeticException("math domain error") : Math.Sqrt(x);

    internal static double Log(double x) =>
        x <= 0 ? throw new ArithmeticException("math domain error") : Math.Log(x);

    internal static double Exp(double x)
    {
        double r = Math.Exp(x);
        return double.IsPositiveInfinity(r) && double.IsFinite(x) ? throw new ArithmeticException("math range error") : r;
    }

    internal static double Pow(double x, double y)
    {
        if (x == 0 && y < 0) throw new ArithmeticException("0.0 cannot be raised to a negative power");
        double r = Math.Pow(x, y);
        return double.IsInfinity(r) && double.IsFinite(x) ? throw new ArithmeticException("Result too large") : r;
    }

    // ---- the factor graph (trueskill/factorgraph.py) -----------------------------------------------------------------

    private readonly record struct Gaussian(double Pi, double Tau)
    {
        public double Mu => Pi != 0 ? Divide(Tau, Pi) : Pi;

        public double Sigma => Pi != 0 ? Sqrt(Divide(1, Pi)) : double.PositiveInfinity;

        public static Gaussian FromMuSigma(double mu, double sigma)
        {
            if (sigma == 0) throw new ArithmeticException("sigma**2 should be greater than 0");
            double pi = Pow(sigma, -2);
            return new Gaussian(pi, pi * mu);
        }

        public static Gaussian operator *(Gaussian a, Gaussian b) => new(a.Pi + b.Pi, a.Tau + b.Tau);

        public static Gaussian operator /(Gaussian a, Gaussian b) => new(a.Pi - b.Pi, a.Tau - b.Tau);
    }

    private abstract class Factor;

    private sealed class Variable
    {
        private readonly Dictionary<Factor, Gaussian> _messages = [];

        public Gaussian Value { get; private set; }

        public double Mu => Value.Mu;

        public double Sigma => Value.Sigma;

        public Gaussian this[Factor factor]
        {
            get => _messages[factor];
            set => _messages[factor] = value;
        }

        private double Set(Gaussian val)
        {
            double delta = Delta(val);
            Value = val;
            return delta;
        }

        private double Delta(Gaussian other)
        {
            double piDelta = Math.Abs(Value.Pi - other.Pi);
            if (double.IsPositiveInfinity(piDelta)) return 0.0;
            double a = Math.Abs(Value.Tau - other.Tau), b = Math.Sqrt(piDelta);
            return b > a ? b : a;
        }

        public double UpdateMessage(Factor factor, double pi, double tau)
        {
            var message = new Gaussian(pi, tau);
            var old = this[factor];
            this[factor] = message;
            return Set(Value / old * message);
        }

        public double UpdateValue(Factor factor, Gaussian value)
        {
            var old = this[factor];
            this[factor] = value * old / Value;
            return Set(value);
        }
    }

    private sealed class PriorFactor : Factor
    {
        private readonly Variable _var;
        private readonly TrueSkillRating _rating;
        private readonly double _dynamic;

        public PriorFactor(Variable var, TrueSkillRating rating, double dynamic)
        {
            _var = var;
            _rating = rating;
            _dynamic = dynamic;
            var[this] = default;
        }

        public double Down()
        {
            double sigma = Sqrt(Pow(_rating.Sigma, 2) + Pow(_dynamic, 2));
            return _var.UpdateValue(this, Gaussian.FromMuSigma(_rating.Mu, sigma));
        }
    }

    private sealed class LikelihoodFactor : Factor
    {
        private readonly Variable _mean;
        private readonly Variable _value;
        private readonly double _variance;

        public LikelihoodFactor(Variable mean, Variable value, double variance)
        {
            _mean = mean;
            _value = value;
            _variance = variance;
            mean[this] = default;
            value[this] = default;
        }

        private double CalcA(Gaussian g) => Divide(1.0, 1.0 + _variance * g.Pi);

        public double Down()
        {
            var msg = _mean.Value / _mean[this];
            double a = CalcA(msg);
            return _value.UpdateMessage(this, a * msg.Pi, a * msg.Tau);
        }

        public double Up()
        {
            var msg = _value.Value / _value[this];
            double a = CalcA(msg);
            return _mean.UpdateMessage(this, a * msg.Pi, a * msg.Tau);
        }
    }

    private sealed class SumFactor : Factor
    {
        private readonly Variable _sum;
        private readonly Variable[] _terms;
        private readonly double[] _coeffs;

        public SumFactor(Variable sum, Variable[] terms, double[] coeffs)
        {
            _sum = sum;
            _terms = terms;
            _coeffs = coeffs;
            sum[this] = default;
            foreach (var t in terms) t[this] = default;
        }

        public double Down()
        {
            var msgs = _terms.Select(v => v[this]).ToArray();
            return Update(_sum, _terms, msgs, _coeffs);
        }

        public double Up(int index)
        {
            double coeff = _coeffs[index];
            var coeffs = new double[_coeffs.Length];
            for (int x = 0; x < _coeffs.Length; x++)
            {
                if (coeff == 0) coeffs[x] = 0.0;
                else coeffs[x] = x == index ? 1.0 / coeff : -_coeffs[x] / coeff;
            }
            var vals = (Variable[])_terms.Clone();
            vals[index] = _sum;
            var msgs = vals.Select(v => v[this]).ToArray();
            return Update(_terms[index], vals, msgs, coeffs);
        }

        private double Update(Variable var, Variable[] vals, Gaussian[] msgs, double[] coeffs)
        {
            double piInv = 0, mu = 0;
            for (int x = 0; x < coeffs.Length; x++)
            {
                var div = vals[x].Value / msgs[x];
                mu += coeffs[x] * div.Mu;
                if (double.IsPositiveInfinity(piInv)) continue;
                if (div.Pi == 0) piInv = double.PositiveInfinity;
                else piInv += Pow(coeffs[x], 2) / div.Pi;
            }
            double pi = Divide(1.0, piInv);
            double tau = pi * mu;
            return var.UpdateMessage(this, pi, tau);
        }
    }

    private sealed class TruncateFactor : Factor
    {
        private readonly Variable _var;
        private readonly bool _draw;
        private readonly double _drawMargin;

        public TruncateFactor(Variable var, bool draw, double drawMargin)
        {
            _var = var;
            _draw = draw;
            _drawMargin = drawMargin;
            var[this] = default;
        }

        public double Up()
        {
            var div = _var.Value / _var[this];
            double sqrtPi = Sqrt(div.Pi);
            double diff = Divide(div.Tau, sqrtPi), margin = _drawMargin * sqrtPi;
            double v = _draw ? VDraw(diff, margin) : VWin(diff, margin);
            double w = _draw ? WDraw(diff, margin) : WWin(diff, margin);
            double denom = 1.0 - w;
            return _var.UpdateValue(this, new Gaussian(Divide(div.Pi, denom), Divide(div.Tau + sqrtPi * v, denom)));
        }

        private static double VWin(double diff, double drawMargin)
        {
            double x = diff - drawMargin;
            double denom = ApproximateNormal.Cdf(x);
            return denom != 0 ? ApproximateNormal.Pdf(x) / denom : -x;
        }

        private static double VDraw(double diff, double drawMargin)
        {
            double absDiff = Math.Abs(diff);
            double a = drawMargin - absDiff, b = -drawMargin - absDiff;
            double denom = ApproximateNormal.Cdf(a) - ApproximateNormal.Cdf(b);
            double numer = ApproximateNormal.Pdf(b) - ApproximateNormal.Pdf(a);
            return (denom != 0 ? numer / denom : a) * (diff < 0 ? -1 : +1);
        }

        private static double WWin(double diff, double drawMargin)
        {
            double x = diff - drawMargin;
            double v = VWin(diff, drawMargin);
            double w = v * (v + x);
            if (w > 0 && w < 1) return w;
            throw new ArithmeticException("Cannot calculate correctly, set backend to \"mpmath\"");
        }

        private static double WDraw(double diff, double drawMargin)
        {
            double absDiff = Math.Abs(diff);
            double a = drawMargin - absDiff, b = -drawMargin - absDiff;
            double denom = ApproximateNormal.Cdf(a) - ApproximateNormal.Cdf(b);
            if (denom == 0) throw new ArithmeticException("Cannot calculate correctly, set backend to \"mpmath\"");
            double v = VDraw(absDiff, drawMargin);
            return Pow(v, 2) + (a * ApproximateNormal.Pdf(a) - b * ApproximateNormal.Pdf(b)) / denom;
        }
    }
}
