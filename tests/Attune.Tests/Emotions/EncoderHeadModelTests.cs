using Attune.Emotions;

namespace Attune.Tests.Emotions;

public class EncoderHeadModelTests
{
    // Two inputs → two hidden units (ReLU) → one label. First-layer weights row by input: input 0 → (1, -1), input 1 →
    // (2, 0.5); hidden bias (0, 0.1); output weights (3, -2), bias 0.5.
    private static EncoderHeadModel Tiny() => new(
        "tiny", 2, ["a"], fastInputs: 0, fastInputScale: 1f, hidden: 2, members: 1,
        hiddenWeights: [1f, -1f, 2f, 0.5f], hiddenBias: [0f, 0.1f], outputWeights: [3f, -2f], outputBias: [0.5f],
        fastWeight: 0f, thresholds: [0.5f], scales: [1f], offsets: [0f], description: "hand-written");

    [Fact]
    public void Logits_of_a_block_match_a_hand_computation()
    {
        // (1, 2): hidden (1 + 4, -1 + 1 + 0.1) = (5, 0.1) → 0.5 + 15 - 0.2 = 15.3.
        // (-1, 1): hidden (-1 + 2, 1 + 0.5 + 0.1) = (1, 1.6) → 0.5 + 3 - 3.2 = 0.3.
        // (-3, 0): hidden (-3, 3.1) → ReLU (0, 3.1) → 0.5 - 6.2 = -5.7.
        float[][] logits = [new float[1], new float[1], new float[1]];
        Tiny().HeadLogits([[1f, 2f], [-1f, 1f], [-3f, 0f]], [[0f], [0f], [0f]], logits);
        Assert.Equal(15.3f, logits[0][0], 5);
        Assert.Equal(0.3f, logits[1][0], 5);
        Assert.Equal(-5.7f, logits[2][0], 5);

        var one = new float[1];
        Tiny().HeadLogits([-1f, 1f], [0f], one);
        Assert.Equal(0.3f, one[0], 5);
    }

    [Fact]
    public void A_widened_head_ignores_the_inputs_it_gained_and_joins_a_wider_ensemble()
    {
        var wide = Tiny().Widen(4);
        Assert.Equal(4, wide.Dimensions);
        float[][] logits = [new float[1]];
        wide.HeadLogits([[1f, 2f, 9f, -7f]], [[0f]], logits);
        Assert.Equal(15.3f, logits[0][0], 5);

        // A second member that reads only the new inputs: first-layer rows 2 and 3 → hidden (input 2, 0); output 1 × hidden 0.
        var other = new EncoderHeadModel(
            "tiny", 4, ["a"], 0, 1f, 2, 1, [0f, 0f, 0f, 0f, 1f, 0f, 0f, 0f], [0f, 0f], [1f, 0f], [0f], 0f, [0.5f], [1f], [0f], "second");
        var both = EncoderHeadModel.Ensemble([wide, other], "two");
        both.HeadLogits([[1f, 2f, 9f, -7f]], [[0f]], logits);
        Assert.Equal((15.3f + 9f) / 2, logits[0][0], 5);
        Assert.Throws<ArgumentException>(() => Tiny().Widen(1));
    }
}
