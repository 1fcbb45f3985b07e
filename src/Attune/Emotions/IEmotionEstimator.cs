namespace Attune.Emotions;

/// <summary>Estimates the emotions expressed in texts, as scores over a fixed <see cref="Emotions.Taxonomy"/>.</summary>
public interface IEmotionEstimator
{
    /// <summary>The taxonomy of every <see cref="EmotionScores"/> this estimator returns.</summary>
    Taxonomy Taxonomy { get; }

    /// <summary>Estimates the emotions of a batch of texts.</summary>
    /// <param name="texts">The texts; none may be null (an empty string is allowed).</param>
    /// <param name="cancellationToken">Cancels the estimate.</param>
    /// <returns>One <see cref="EmotionScores"/> per text, in the same order.</returns>
    Task<IReadOnlyList<EmotionScores>> EstimateAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}
