namespace Attune.Guard;

/// <summary>Settings of <see cref="GuardFeaturizer"/>: how the user turn and the cue phrases weigh beside the reply's own n-grams.</summary>
public sealed record GuardFeaturizerOptions
{
    /// <summary>The factor on the user turn's word features (0 turns them off). Default 0.3.</summary>
    public float UserWeight { get; init; } = 0.3f;

    /// <summary>The value of a fired cue phrase feature (0 turns cues off). Default 1.</summary>
    public float CueWeight { get; init; } = 1f;

    /// <summary>
    /// The factor on the built-in emotion estimator's reading of the reply (one feature per GoEmotions label, its score
    /// times this; 0 turns them off). Default 0.
    /// </summary>
    public float EmotionWeight { get; init; }

    /// <summary>Checks that every setting is finite and non-negative.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (!(UserWeight >= 0f && float.IsFinite(UserWeight))) throw new ArgumentOutOfRangeException(nameof(UserWeight), UserWeight, "must be finite and non-negative");
        if (!(EmotionWeight >= 0f && float.IsFinite(EmotionWeight))) throw new ArgumentOutOfRangeException(nameof(EmotionWeight), EmotionWeight, "must be finite and non-negative");
        if (!(CueWeight >= 0f && float.IsFinite(CueWeight))) throw new ArgumentOutOfRangeException(nameof(CueWeight), CueWeight, "must be finite and non-negative");
    }
}
