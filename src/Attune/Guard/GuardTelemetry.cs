using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Attune.Guard;

/// <summary>
/// The names of the guard middleware's telemetry: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both
/// named <see cref="SourceName"/> (subscribe with OpenTelemetry's <c>AddSource</c>/<c>AddMeter</c>). Each finding is an
/// activity event named <c>gen_ai.evaluation.result</c> with the OpenTelemetry GenAI attributes
/// <c>gen_ai.evaluation.name</c> (the criterion), <c>gen_ai.evaluation.score.value</c> (its strength),
/// <c>gen_ai.evaluation.score.label</c> (<c>fail</c> when it fired, else <c>pass</c>) and, only with sensitive data enabled,
/// <c>gen_ai.evaluation.explanation</c> (the snippet); failures set <c>error.type</c>. Attune's own figures use the
/// <c>attune.</c> prefix, as the conventions ask of names they do not define.
/// </summary>
public static class GuardTelemetry
{
    /// <summary>The activity source and meter name.</summary>
    public const string SourceName = "Attune.Guard";

    /// <summary>Counter of guard verdicts, tagged <see cref="ActionTag"/>, <see cref="AssessorTag"/> and <see cref="EvaluationNameTag"/> (the strongest criterion or <c>none</c>).</summary>
    public const string VerdictsMetric = "attune.guard.verdicts";

    /// <summary>Counter of regenerations asked for.</summary>
    public const string RegenerationsMetric = "attune.guard.regenerations";

    /// <summary>Histogram of the time the guard added to a request, in seconds (the unit the GenAI conventions use for durations).</summary>
    public const string AddedDurationMetric = "attune.guard.added_duration";

    /// <summary>Counter of emotion readings, tagged <see cref="EmotionTag"/> (the strongest label of the latest user turn).</summary>
    public const string EmotionReadingsMetric = "attune.emotion.readings";

    /// <summary>The GenAI event name of an evaluation result.</summary>
    public const string EvaluationEvent = "gen_ai.evaluation.result";

    /// <summary>The GenAI attribute naming what was evaluated.</summary>
    public const string EvaluationNameTag = "gen_ai.evaluation.name";

    /// <summary>The GenAI attribute with the numeric score.</summary>
    public const string EvaluationScoreTag = "gen_ai.evaluation.score.value";

    /// <summary>The GenAI attribute with the score's label (<c>pass</c>/<c>fail</c>).</summary>
    public const string EvaluationLabelTag = "gen_ai.evaluation.score.label";

    /// <summary>The GenAI attribute with an explanation (the snippet; sensitive).</summary>
    public const string EvaluationExplanationTag = "gen_ai.evaluation.explanation";

    /// <summary>The GenAI operation-name attribute (<c>chat</c> on the guard's activities, which wrap a chat call).</summary>
    public const string OperationNameTag = "gen_ai.operation.name";

    /// <summary>The OpenTelemetry error-type attribute, set when the assessor failed.</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>Attune's attribute: what the guard did (<see cref="GuardVerdict.ActionName"/>).</summary>
    public const string ActionTag = "attune.guard.action";

    /// <summary>Attune's attribute: the assessor's name.</summary>
    public const string AssessorTag = "attune.guard.assessor";

    /// <summary>Attune's attribute: the policy in force.</summary>
    public const string PolicyTag = "attune.guard.policy";

    /// <summary>Attune's attribute: the strongest emotion label of the latest user turn.</summary>
    public const string EmotionTag = "attune.emotion.label";

    /// <summary>Attune's attribute: the emotional trend over the last turns.</summary>
    public const string EmotionTrendTag = "attune.emotion.trend";

    internal static readonly ActivitySource Source = new(SourceName);

    internal static readonly Meter Meter = new(SourceName);

    internal static readonly Counter<long> Verdicts = Meter.CreateCounter<long>(VerdictsMetric, "{verdict}", "Guard verdicts on replies.");

    internal static readonly Counter<long> Regenerations = Meter.CreateCounter<long>(RegenerationsMetric, "{regeneration}", "Replies asked for again by the guard.");

    internal static readonly Histogram<double> AddedDuration = Meter.CreateHistogram<double>(AddedDurationMetric, "s", "Time the guard added to a request.");

    internal static readonly Counter<long> EmotionReadings = Meter.CreateCounter<long>(EmotionReadingsMetric, "{reading}", "Emotion readings of user turns.");
}
