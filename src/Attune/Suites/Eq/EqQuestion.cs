namespace Attune.Suites.Eq;

/// <summary>One EQ-Bench question: a dialogue prompt (written for revise mode) with its references.</summary>
/// <param name="Id">The question id, the key in the question file.</param>
/// <param name="Prompt">The full prompt as stored in the file (revise-mode wording).</param>
/// <param name="Reference">The v1 reference (<c>reference_answer</c>): intensities that sum to 10.</param>
/// <param name="Fullscale">The v2 reference (<c>reference_answer_fullscale</c>), absent in v1 files.</param>
public sealed record EqQuestion(string Id, string Prompt, EqReference Reference, EqReference? Fullscale);
