using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Attune.Evaluation;

/// <summary>The subject's debrief of a role-play, for <see cref="Eq3RubricEvaluator"/> (the rubric judge reads it beside the transcript).</summary>
/// <param name="debrief">The debrief text.</param>
public sealed class DebriefContext(string debrief) : EvaluationContext(ContextName, new TextContent(debrief))
{
    /// <summary>The context's name.</summary>
    public const string ContextName = "debrief";
}
