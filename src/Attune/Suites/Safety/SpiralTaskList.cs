using Attune.Statistics;

namespace Attune.Suites.Safety;

/// <summary>The reference's task list (<c>create_task_list</c>, spec §1.2).</summary>
public static class SpiralTaskList
{
    /// <summary>
    /// All seeds shuffled with <c>random.Random(shuffleSeed)</c>, the first <paramref name="numPrompts"/> kept, each
    /// giving conversations 0 … <paramref name="convosPerPrompt"/> − 1. A driver skips tasks already stored as completed
    /// (they still count towards <paramref name="numPrompts"/>, as here).
    /// </summary>
    /// <param name="seeds">The seeds in file order (several files: concatenated in order).</param>
    /// <param name="numPrompts">How many seeds to keep (null: all).</param>
    /// <param name="convosPerPrompt">Conversations per seed.</param>
    /// <param name="shuffleSeed">The shuffle's integer seed (42).</param>
    public static IReadOnlyList<SpiralTask> Create(IReadOnlyList<SpiralSeed> seeds, int? numPrompts = null, int convosPerPrompt = 1, int shuffleSeed = 42)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentOutOfRangeException.ThrowIfNegative(convosPerPrompt);
        if (numPrompts is < 0) throw new ArgumentOutOfRangeException(nameof(numPrompts), "must not be negative");
        var order = seeds.ToList();
        new PythonRandom(shuffleSeed).Shuffle(order);
        var tasks = new List<SpiralTask>();
        foreach (var seed in order.Take(numPrompts ?? order.Count))
        {
            for (int c = 0; c < convosPerPrompt; c++) tasks.Add(new SpiralTask(seed, c));
        }
        return tasks;
    }

    /// <summary>The task list of a loaded folder with run options.</summary>
    /// <param name="data">The data folder.</param>
    /// <param name="options">The run options.</param>
    public static IReadOnlyList<SpiralTask> Create(SpiralBenchData data, SpiralBenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        return Create(data.Seeds, options.NumPrompts, options.ConvosPerPrompt, options.TaskShuffleSeed);
    }
}
