namespace Attune.Web;

/// <summary>One public reference figure the user imported: a model's score on a suite, as published elsewhere.</summary>
/// <param name="Model">The model as the source names it.</param>
/// <param name="Suite">The suite (<c>eq</c>, <c>ability</c>, <c>eq3</c>, <c>eq3-rating</c>, <c>safety</c>, …).</param>
/// <param name="Items">The item set it was measured on (a file name such as <c>eq_bench_v2_questions_171.json</c>), or null for any.</param>
/// <param name="Score">The figure, on the suite's own scale.</param>
/// <param name="Lower">Lower end of its published 95% interval, if any.</param>
/// <param name="Upper">Upper end, if any.</param>
/// <param name="Source">Where the figure comes from (shown as the row's label).</param>
internal sealed record ReferenceFigure(string Model, string Suite, string? Items, double Score, double? Lower, double? Upper, string Source);
